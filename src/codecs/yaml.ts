/**
 * The `yaml` codec (reference §4.2): one YAML 1.2 document per chunk (the `yaml` package, core
 * schema), exact: integers up to 64 bits stay integers (beyond that they become floats, as in
 * the json codec), `1.0` stays a float. Duplicate keys: the last wins. Scalar keys that are
 * not strings (`200: ok`) become their text; collection keys are errors, as are an empty
 * document and a second document in the chunk. A `!!binary` scalar is a binary.
 *
 * Encoding writes a YAML document ending in a newline, laid out as serde_yaml does (no `---`,
 * sequences inside mappings not indented); binaries become base64 strings, as in
 * the json codec, and integral floats keep their `.0`.
 *
 * Config: none. `codec = "yaml"`
 */
import type * as Yaml from 'yaml';
import { lazyModule } from '../base/lazy-module.js';
import { formatFloat } from '../runtime/json.js';
import { schema } from '../runtime/schema.js';
import { FloatBox, float, inIntRange, intFromBig, type Value } from '../runtime/value.js';
import { textCodec } from './bytes.js';
import { defineCodec } from './codec.js';
import { fromJs, toJs, type FromJs } from './js-value.js';

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

const yamlLib = lazyModule<typeof Yaml>('yaml');

/** the `yaml` package's JS output (intAsBigInt, mapAsMap; `!!binary` as a Buffer) as a Tremor value */
const FROM_YAML: FromJs = {
  number: float, // integers come as bigints, so every number is a float
  bigint: (n) => (inIntRange(n) ? intFromBig(n) : float(Number(n))),
  key: keyText,
  unsupported: (v) => new Error(`Invalid YAML: unsupported value ${Object.prototype.toString.call(v)}`),
};

/** `yaml` input: integral floats as `.0` scalars, binaries as base64 */
function yamlLeaf(Scalar: typeof Yaml.Scalar, v: Value): unknown {
  if (v instanceof FloatBox) {
    const s = new Scalar(v.fv);
    s.minFractionDigits = 1;
    return s;
  }
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  return v;
}

function decodeYaml(lib: typeof Yaml, text: string): Value {
  const doc = lib.parseDocument(text, { intAsBigInt: true, uniqueKeys: false });
  if (doc.errors.length) throw new Error(`Invalid YAML: ${firstLine(doc.errors[0].message)}`);
  if (doc.contents === null) throw new Error('Invalid YAML: empty input');
  let js: unknown;
  try {
    // maxAliasCount bounds alias expansion ("billion laughs")
    js = doc.toJS({ mapAsMap: true, maxAliasCount: 100 });
  } catch (e) {
    throw new Error(`Invalid YAML: ${firstLine((e as Error).message)}`);
  }
  return fromJs(js, FROM_YAML);
}

// as serde_yaml writes: sequences in a mapping not indented, no `---` header
const encodeYaml = (lib: typeof Yaml, value: Value): string => new lib.Document(toJs(value, (v) => yamlLeaf(lib.Scalar, v))).toString({ lineWidth: 0, indentSeq: false });

export const yaml = defineCodec('yaml', schema({}), () => {
  const lib = yamlLib();
  return textCodec(
    'Invalid YAML',
    (text) => decodeYaml(lib, text),
    (value) => encodeYaml(lib, value),
  );
});
