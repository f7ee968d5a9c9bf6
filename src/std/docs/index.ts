/**
 * The standard library reference: every module's records, in the order the reference
 * presents them (std, then tremor, then the aggregate functions). Rendered by markdown.ts,
 * checked against the std tree and run by test/std/docs.test.ts.
 */
import { aggrStatsDocs, aggrWinDocs } from './aggr.js';
import { arrayDocs } from './array.js';
import { datetimeDocs } from './datetime.js';
import { base64Docs, binaryDocs, jsonDocs, urlDocs } from './encoding.js';
import { nanosDocs } from './nanos.js';
import { floatDocs, integerDocs, mathDocs } from './numbers.js';
import { randomDocs } from './random.js';
import { reDocs } from './re.js';
import { recordDocs } from './record.js';
import { stringDocs } from './string.js';
import { testDocs, winDocs } from './test-win.js';
import { chashDocs, originDocs, systemDocs } from './tremor.js';
import { typeDocs } from './type.js';
import type { ModuleDoc } from './types.js';
import { pathDocs, rangeDocs, sizeDocs } from './utility.js';

export type { Example, FnDoc, ModuleDoc, QueryExample, ScriptExample } from './types.js';

export const STD_DOCS: readonly ModuleDoc[] = [
  stringDocs,
  arrayDocs,
  recordDocs,
  mathDocs,
  integerDocs,
  floatDocs,
  typeDocs,
  jsonDocs,
  base64Docs,
  binaryDocs,
  urlDocs,
  reDocs,
  rangeDocs,
  pathDocs,
  sizeDocs,
  randomDocs,
  nanosDocs,
  datetimeDocs,
  testDocs,
  winDocs,
  systemDocs,
  originDocs,
  chashDocs,
  aggrStatsDocs,
  aggrWinDocs,
];
