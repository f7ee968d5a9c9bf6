/** `json||`: the string parsed as JSON. */
import { parseJson } from '../../runtime/json.js';
import type { ExtractorTest } from './extractor.js';

export function json(_rule: string): ExtractorTest {
  return (s) => {
    try {
      return parseJson(s);
    } catch {
      return undefined;
    }
  };
}
