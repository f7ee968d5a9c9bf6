/**
 * The `yaml` codec (reference §4.2): one YAML 1.2 document per chunk (the `yaml` package, core
 * schema), exact: integers up to 64 bits stay integers (beyond that they become floats, as in
 * the json codec), `1.0` stays a float. Duplicate keys: the last wins. Scalar keys that are
 * not strings (`200: ok`) become their text; collection keys are errors, as are an empty
 * document and a second document in the chunk. A `!!binary` scalar is a binary.
 *
 * Encoding writes a YAML document ending in a newline; binaries become base64 strings, as in
 * the json codec, and integral floats keep their `.0`.
 *
 * Config: none. `codec = "yaml"`
 */
import { isUtf8 } from 'node:buffer';
import { Document, Scalar, parseDocument } from 'yaml';
import { formatFloat } from '../runtime/json.js';
import { FloatBox, float, inIntRange, intFromBig, setKey, type Rec, type Value } from '../runtime/value.js';
import type { Codec, CodecType } from './codec.js';
import { pluginConfig, toBuffer } from './config.js';

/** the first line of a `yaml` error (the others draw the source excerpt) */
function firstLine(message: string): string {
  return message.split('\n')[0].replace(/:$/, '');
}

function keyText(k: unknown): string {
  switch (typeof k) {
    case 'string':
      return k;
    case 'number':
      return formatFloat(k); // parsed with intAsBigInt, so a number key is a float
    case 'bigint':
    case 'boolean':
      return String(k);
    default:
      if (k === null) return 'null';
      throw new Error('Invalid YAML: mapping keys must be scalars');
  }
}

/** the `yaml` package's JS output (intAsBigInt, mapAsMap) as a Tremor value */
function fromYaml(v: unknown): Value {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return float(v); // integers come as bigints, so every number is a float
    case 'bigint':
      return inIntRange(v) ? intFromBig(v) : float(Number(v));
    case 'object':
      if (v === null) return null;
      if (Array.isArray(v)) return v.map(fromYaml);
      if (v instanceof Uint8Array) return new Uint8Array(v); // `!!binary`; a Buffer is not a plain binary
      if (v instanceof Map) {
        const rec: Rec = {};
        for (const [k, x] of v) setKey(rec, keyText(k), fromYaml(x));
        return rec;
      }
  }
  throw new Error(`Invalid YAML: unsupported value ${Object.prototype.toString.call(v)}`);
}

/** a Tremor value as `yaml` input: records as Maps, integral floats as `.0` scalars */
function toYaml(v: Value): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (v instanceof FloatBox) {
    const s = new Scalar(v.fv);
    s.minFractionDigits = 1;
    return s;
  }
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  if (Array.isArray(v)) return v.map(toYaml);
  return new Map(Object.keys(v).map((k) => [k, toYaml(v[k])]));
}

export class YamlCodec implements Codec {
  decode(chunk: Uint8Array): Value {
    const buf = toBuffer(chunk);
    if (!isUtf8(buf)) throw new Error('Invalid YAML: the input is not valid UTF-8');
    const doc = parseDocument(buf.toString('utf8'), { intAsBigInt: true, uniqueKeys: false });
    if (doc.errors.length) throw new Error(`Invalid YAML: ${firstLine(doc.errors[0].message)}`);
    if (doc.contents === null) throw new Error('Invalid YAML: empty input');
    let js: unknown;
    try {
      // maxAliasCount bounds alias expansion ("billion laughs")
      js = doc.toJS({ mapAsMap: true, maxAliasCount: 100 });
    } catch (e) {
      throw new Error(`Invalid YAML: ${firstLine((e as Error).message)}`);
    }
    return fromYaml(js);
  }

  encode(value: Value): Uint8Array {
    return Buffer.from(new Document(toYaml(value)).toString({ lineWidth: 0 }), 'utf8');
  }
}

export const yaml: CodecType = {
  name: 'yaml',
  create(config: Value): Codec {
    pluginConfig('codec', 'yaml', config, []);
    return new YamlCodec();
  },
};
