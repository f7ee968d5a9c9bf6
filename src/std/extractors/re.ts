/**
 * `re|regex|` and `rerg|regex|`: Rust regex syntax, translated to JavaScript as `std::re`
 * does (src/std/regex.ts), so both run in linear time and reject the same patterns. `re`
 * yields the named groups that took part in the first match, `rerg` every match's groups as
 * arrays.
 */
import { setKey, type Rec } from '../../runtime/value.js';
import type { ExtractorTest } from './extractor.js';
import { allMatches, compileRegex } from '../regex.js';

export function re(rule: string): ExtractorTest {
  const r = compileRegex(rule);
  return (s) => {
    const m = r.exec(s);
    if (!m) return undefined;
    const out: Rec = {};
    if (m.groups) for (const [k, v] of Object.entries(m.groups)) if (v !== undefined) setKey(out, k, v);
    return out;
  };
}

export function rerg(rule: string): ExtractorTest {
  const r = compileRegex(rule, 'g');
  return (s) => {
    const out: Rec = {};
    let any = false;
    for (const m of allMatches(r, s)) {
      any = true;
      for (const [k, v] of Object.entries(m.groups ?? {})) {
        if (v === undefined) continue;
        const prev = out[k];
        if (Array.isArray(prev)) prev.push(v);
        else setKey(out, k, [v]);
      }
    }
    return any ? out : undefined;
  };
}
