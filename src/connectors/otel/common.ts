/**
 * The parts of OTLP shared by logs, metrics and traces, between protobuf messages (as
 * protobufjs decodes them: snake_case fields, 64-bit integers as decimal strings, bytes as
 * Uint8Array) and Tremor values, as Tremor 0.12 maps them (otel/common.rs, id.rs,
 * resource.rs):
 *
 *   AnyValue             ↔ the value itself (string, bool, int, float, array, record, binary)
 *   repeated KeyValue    ↔ a record (`attributes`, `labels`)
 *   trace / span ids     ↔ lowercase hex strings (`"52c0d1949a4c908818f9e0d1fcfad17e"`)
 *   InstrumentationLibrary / Scope ↔ `{"name", "version"}`
 *   Resource             ↔ `{"attributes": {…}, "dropped_attributes_count": n}`
 *
 * Going to protobuf, a value of the wrong type is an `OtelMappingError` naming the field.
 */
import { float, FloatBox, intFromBig, isInt, isRecord, type Rec, type Value } from '../../runtime/value.js';

/** a protobufjs message as plain data */
export type Pb = Record<string, any>;

export class OtelMappingError extends Error {
  override name = 'OtelMappingError';
}

const bad = (what: string): never => {
  throw new OtelMappingError(`Invalid json mapping for ${what}`);
};

/** a 64-bit protobuf integer (decimal string, number or Long) as a Tremor integer */
export function int64(v: unknown): number | bigint {
  if (typeof v === 'number') return v;
  if (v === undefined || v === null) return 0;
  return intFromBig(BigInt(String(v)));
}

/** a Tremor integer as a protobuf 64-bit field (decimal string: exact); absent → 0 */
export function toInt64(v: Value | undefined, what: string): string {
  if (v === undefined || v === null) return '0';
  if (!isInt(v)) return bad(what);
  return String(v);
}

export function toInt32(v: Value | undefined, what: string): number {
  if (v === undefined || v === null) return 0;
  if (!isInt(v)) return bad(what);
  return Number(v);
}

export function toDouble(v: Value | undefined, what: string): number {
  if (v === undefined || v === null) return 0;
  if (v instanceof FloatBox) return v.fv;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return bad(what);
}

export function toStr(v: Value | undefined, what: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') return bad(what);
  return v;
}

export function toBool(v: Value | undefined, what: string): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') return bad(what);
  return v;
}

export function anyValueToValue(pb: Pb | null | undefined): Value {
  if (!pb) return null;
  switch (pb.value) {
    case 'string_value':
      return pb.string_value;
    case 'bool_value':
      return pb.bool_value;
    case 'int_value':
      return int64(pb.int_value);
    case 'double_value':
      return float(pb.double_value);
    case 'array_value':
      return (pb.array_value?.values ?? []).map(anyValueToValue);
    case 'kvlist_value':
      return keyValuesToRecord(pb.kvlist_value?.values ?? []);
    case 'bytes_value':
      return new Uint8Array(pb.bytes_value);
    default:
      return null;
  }
}

export function valueToAnyValue(v: Value): Pb {
  if (v === null) return {};
  if (typeof v === 'boolean') return { bool_value: v };
  if (typeof v === 'string') return { string_value: v };
  // u64 beyond i64 wraps, as Tremor's `as i64`
  if (typeof v === 'bigint') return { int_value: BigInt.asIntN(64, v).toString() };
  if (typeof v === 'number') return Number.isInteger(v) ? { int_value: String(v) } : { double_value: v };
  if (v instanceof FloatBox) return { double_value: v.fv };
  if (v instanceof Uint8Array) return { bytes_value: v };
  if (Array.isArray(v)) return { array_value: { values: v.map(valueToAnyValue) } };
  return { kvlist_value: { values: recordToKeyValues(v) } };
}

/** repeated KeyValue → record (pairs without a value are left out, as Tremor does) */
export function keyValuesToRecord(kvs: Pb[]): Rec {
  const r: Rec = {};
  for (const kv of kvs) if (kv.value) r[kv.key] = anyValueToValue(kv.value);
  return r;
}

export function recordToKeyValues(r: Value | undefined, what = 'attributes'): Pb[] {
  if (r === undefined || r === null) return [];
  if (!isRecord(r)) return bad(what);
  return Object.entries(r).map(([key, value]) => ({ key, value: valueToAnyValue(value) }));
}

/** bytes → lowercase hex (Tremor's `hex_id_to_json`) */
export function hexId(b: Uint8Array | undefined): string {
  return b ? Buffer.from(b).toString('hex') : '';
}

/**
 * hex string (or array of byte values) → bytes of `len` bytes; the empty string is no id.
 * Anything else is an error naming `what`.
 */
export function idBytes(v: Value | undefined, len: number, what: string): Uint8Array {
  if (v === undefined || v === null || v === '') return new Uint8Array(0);
  if (typeof v === 'string' && v.length === len * 2 && /^[0-9a-fA-F]+$/.test(v)) return new Uint8Array(Buffer.from(v, 'hex'));
  if (Array.isArray(v) && v.length === len && v.every((x) => isInt(x) && Number(x) >= 0 && Number(x) <= 255)) return new Uint8Array(v.map(Number));
  throw new OtelMappingError(`Invalid ${what}: expected ${len * 2} hex digits`);
}

export const traceId = (v: Value | undefined) => idBytes(v, 16, 'trace_id');
export const spanId = (v: Value | undefined) => idBytes(v, 8, 'span_id');

/** InstrumentationLibrary (0.12) / InstrumentationScope (later protos): the same fields 1, 2 */
export function libraryToValue(pb: Pb): Rec {
  return { name: pb.name ?? '', version: pb.version ?? '' };
}

export function valueToLibrary(v: Value): Pb {
  if (!isRecord(v)) return bad('instrumentation_library');
  return { name: toStr(v.name, 'instrumentation_library.name'), version: toStr(v.version, 'instrumentation_library.version') };
}

export function resourceToValue(pb: Pb): Rec {
  return { attributes: keyValuesToRecord(pb.attributes ?? []), dropped_attributes_count: pb.dropped_attributes_count ?? 0 };
}

export function valueToResource(v: Value): Pb {
  if (!isRecord(v)) return bad('resource');
  return {
    attributes: recordToKeyValues(v.attributes, 'resource.attributes'),
    dropped_attributes_count: toInt32(v.dropped_attributes_count, 'resource.dropped_attributes_count'),
  };
}

/** the array under `key` of a record (absent → empty), else a mapping error */
export function arrayOf(r: Rec, key: string, what: string): Value[] {
  const v = r[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return bad(what);
  return v;
}

/** the records of an array (Tremor skips entries that are not records) */
export function records(a: Value[]): Rec[] {
  return a.filter(isRecord);
}
