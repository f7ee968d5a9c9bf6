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
import type * as CsvParse from 'csv-parse/sync';
import type * as CsvStringify from 'csv-stringify/sync';
import { lazyModule } from '../base/lazy-module.js';
import { stringify } from '../runtime/json.js';
import { schema } from '../runtime/schema.js';
import type { Value } from '../runtime/value.js';
import { textCodec } from './bytes.js';
import { aType, defineCodec } from './codec.js';

const csvParse = lazyModule<typeof CsvParse>('csv-parse/sync');
const csvStringify = lazyModule<typeof CsvStringify>('csv-stringify/sync');

function decodeCsv(parse: typeof CsvParse.parse, text: string): Value | undefined {
  let records: string[][];
  try {
    records = parse(text, { to: 1, bom: true, record_delimiter: ['\r\n', '\n', '\r'], skip_empty_lines: true, relax_quotes: true, relax_column_count: true });
  } catch (e) {
    throw new Error(`Invalid CSV: ${(e as Error).message}`);
  }
  return records.length ? records[0] : undefined;
}

function encodeCsv(csvLine: typeof CsvStringify.stringify, value: Value): string {
  if (!Array.isArray(value)) throw new Error(`The csv codec can only encode an array, not ${aType(value)}`);
  const fields = value.map((v) => (typeof v === 'string' ? v : stringify(v)));
  return fields.length === 1 && fields[0] === '' ? '""' : csvLine([fields], { eof: false, record_delimiter: 'unix' });
}

export const csv = defineCodec('csv', schema({}), () => {
  const { parse } = csvParse();
  const { stringify: csvLine } = csvStringify();
  return textCodec(
    'Invalid CSV',
    (text) => decodeCsv(parse, text),
    (value) => encodeCsv(csvLine, value),
  );
});
