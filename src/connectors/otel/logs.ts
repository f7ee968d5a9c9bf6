/**
 * Logs: ExportLogsServiceRequest ↔ `{"logs": [resource_logs…]}` as Tremor 0.12 maps them
 * (otel/logs.rs):
 *
 *   {"resource": {…}, "schema_url": s, "instrumentation_library_logs": [
 *     {"instrumentation_library": {…}, "schema_url": s, "logs": [
 *       {"name": s, "time_unix_nano": ns, "severity_number": 0..24, "severity_text": s,
 *        "flags": 0|128, "span_id": hex, "trace_id": hex, "attributes": {…},
 *        "dropped_attributes_count": n, "body": any}]}]}
 *
 * A `severity_number` outside 0..24 or `flags` other than 0 and 128 are errors, as in Tremor.
 */
import type { Rec, Value } from '../../runtime/value.js';
import * as common from './common.js';
import type { Pb } from './common.js';

function severity(n: number): number {
  if (n < 0 || n > 24) throw new common.OtelMappingError(`The \`severity_number\` is NOT in the valid range 0 <= ${n} <= 24`);
  return n;
}

function traceFlags(n: number): number {
  if (n !== 0 && n !== 128) throw new common.OtelMappingError(`The \`traceflags\` is invalid, expected: 0b10000000, actual: ${n}`);
  return n;
}

function logToValue(l: Pb): Rec {
  return {
    name: l.name ?? '',
    time_unix_nano: common.int64(l.time_unix_nano),
    severity_number: severity(l.severity_number ?? 0),
    severity_text: l.severity_text ?? '',
    flags: traceFlags(l.flags ?? 0),
    span_id: common.hexId(l.span_id),
    trace_id: common.hexId(l.trace_id),
    attributes: common.keyValuesToRecord(l.attributes ?? []),
    dropped_attributes_count: l.dropped_attributes_count ?? 0,
    body: common.anyValueToValue(l.body),
  };
}

export function logsRequestToValue(req: Pb): Rec {
  return {
    logs: (req.resource_logs ?? []).map((rl: Pb) => {
      const base: Rec = {
        instrumentation_library_logs: (rl.instrumentation_library_logs ?? []).map((ill: Pb) => {
          const e: Rec = { logs: (ill.log_records ?? []).map(logToValue), schema_url: ill.schema_url ?? '' };
          if (ill.instrumentation_library) e.instrumentation_library = common.libraryToValue(ill.instrumentation_library);
          return e;
        }),
        schema_url: rl.schema_url ?? '',
      };
      if (rl.resource) base.resource = common.resourceToValue(rl.resource);
      return base;
    }),
  };
}

/** optional fields fall back to their defaults, as Tremor's `log_record_to_pb` */
function logToPb(l: Rec): Pb {
  const orDefault = <T>(f: () => T, d: T): T => {
    try {
      return f();
    } catch {
      return d;
    }
  };
  return {
    time_unix_nano: orDefault(() => common.toInt64(l.time_unix_nano, ''), '0'),
    severity_number: severity(orDefault(() => common.toInt32(l.severity_number, ''), 0)),
    severity_text: orDefault(() => common.toStr(l.severity_text, ''), ''),
    name: orDefault(() => common.toStr(l.name, ''), ''),
    body: l.body === undefined ? null : common.valueToAnyValue(l.body),
    flags: traceFlags(orDefault(() => common.toInt32(l.flags, ''), 0)),
    span_id: orDefault(() => common.spanId(l.span_id), new Uint8Array(0)),
    trace_id: orDefault(() => common.traceId(l.trace_id), new Uint8Array(0)),
    dropped_attributes_count: orDefault(() => common.toInt32(l.dropped_attributes_count, ''), 0),
    attributes: orDefault(() => common.recordToKeyValues(l.attributes), []),
  };
}

/** `{"logs": [...]}` → ExportLogsServiceRequest */
export function valueToLogsRequest(v: Rec): Pb {
  if (!Array.isArray(v.logs)) throw new common.OtelMappingError('Missing `logs` array');
  return {
    resource_logs: common.records(v.logs as Value[]).map((rl) => ({
      schema_url: common.toStr(rl.schema_url, 'schema_url'),
      instrumentation_library_logs: common.records(common.arrayOf(rl, 'instrumentation_library_logs', 'InstrumentationLibraryLogs')).map((ill) => ({
        schema_url: typeof ill.schema_url === 'string' ? ill.schema_url : '',
        instrumentation_library: ill.instrumentation_library === undefined ? null : common.valueToLibrary(ill.instrumentation_library),
        log_records: common.records(common.arrayOf(ill, 'logs', 'logs')).map(logToPb),
      })),
      resource: rl.resource === undefined ? null : common.valueToResource(rl.resource),
    })),
  };
}
