/** `base64||`: the decoded bytes as a UTF-8 string (no match when they are not UTF-8). */
import type { ExtractorTest } from './extractor.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function base64(_rule: string): ExtractorTest {
  return (s) => {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return undefined;
    try {
      return utf8.decode(Buffer.from(s, 'base64'));
    } catch {
      return undefined;
    }
  };
}
