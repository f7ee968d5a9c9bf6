/**
 * Extractors (`~ name|rule|`, reference §5.4.1): each is prepared once at compile time from
 * its rule text into a test function that returns the extraction, or undefined when the
 * string does not match. A bad rule is a compile error.
 */
import { base64 } from './base64.js';
import { cidr } from './cidr.js';
import { datetime } from './datetime.js';
import { dissect } from './dissect.js';
import { glob } from './glob.js';
import { grok } from './grok.js';
import { influx } from './influx.js';
import { json } from './json.js';
import { kv } from './kv.js';
import { re, rerg } from './re.js';

import { ExtractorRuleError, type ExtractorTest, type Prepare } from './extractor.js';

export { ExtractorRuleError, type ExtractorTest, type Prepare };

const EXTRACTORS: Readonly<Record<string, Prepare>> = Object.freeze({
  glob,
  re,
  rerg,
  json,
  base64,
  kv,
  dissect,
  grok,
  cidr,
  influx,
  datetime,
});

export function prepareExtractor(name: string, rule: string): { test: ExtractorTest } | { error: string } {
  const prep = Object.prototype.hasOwnProperty.call(EXTRACTORS, name) ? EXTRACTORS[name] : undefined;
  if (!prep) return { error: `Invalid tilde predicate pattern: Unsupported extractor ${name}` };
  try {
    return { test: prep(rule) };
  } catch (e) {
    return { error: `Invalid tilde predicate pattern: ${(e as Error).message}` };
  }
}
