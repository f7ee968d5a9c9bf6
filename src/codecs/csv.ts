/**
 * The `csv` codec (reference §4.2). Decoding: the first RFC-4180 record of the chunk, without
 * a header row, as an array of strings (numbers stay strings); blank lines before it are
 * skipped, lines after it ignored (split with `separate` to read them all); an empty chunk holds
 * no value. Like Tremor's `csv` crate, a quote inside an unquoted field is taken literally,
 * but an unterminated quoted field is an error. Encoding: an array becomes one CSV line
 * without a trailing newline, strings as they are and other values as JSON; a single empty
 * field is written `""` so that it reads back; anything but an array is an error.
 *
 * Config: none. `codec = "csv"`
 */
import { isUtf8 } from 'node:buffer';
import { parse } from 'csv-parse/sync';
import { stringify as csvLine } from 'csv-stringify/sync';
import { stringify } from '../runtime/json.js';
import { typeName, type Value } from '../runtime/value.js';
import type { Codec, CodecType } from './codec.js';
import { pluginConfig, toBuffer } from './config.js';

/** `a record`, `an integer`: the value's type with its article, for messages */
const aType = (v: Value): string => (/^[aeiou]/.test(typeName(v)) ? 'an ' : 'a ') + typeName(v);

export class CsvCodec implements Codec {
  decode(chunk: Uint8Array): Value | undefined {
    const buf = toBuffer(chunk);
    if (!isUtf8(buf)) throw new Error('Invalid CSV: the input is not valid UTF-8');
    let records: string[][];
    try {
      records = parse(buf.toString('utf8'), { to: 1, bom: true, record_delimiter: ['\r\n', '\n', '\r'], skip_empty_lines: true, relax_quotes: true, relax_column_count: true });
    } catch (e) {
      throw new Error(`Invalid CSV: ${(e as Error).message}`);
    }
    return records.length ? records[0] : undefined;
  }

  encode(value: Value): Uint8Array {
    if (!Array.isArray(value)) throw new Error(`The csv codec can only encode an array, not ${aType(value)}`);
    const fields = value.map((v) => (typeof v === 'string' ? v : stringify(v)));
    const line = fields.length === 1 && fields[0] === '' ? '""' : csvLine([fields], { eof: false, record_delimiter: 'unix' });
    return Buffer.from(line, 'utf8');
  }
}

export const csv: CodecType = {
  name: 'csv',
  create(config: Value): Codec {
    pluginConfig('codec', 'csv', config, []);
    return new CsvCodec();
  },
};
