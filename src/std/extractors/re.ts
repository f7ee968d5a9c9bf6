/**
 * `re|regex|` and `rerg|regex|`: Rust regex syntax translated to JavaScript. `re` yields the
 * named groups that took part in the first match, `rerg` every match's groups as arrays.
 */
import { setKey, type Rec } from '../../runtime/value.js';
import type { ExtractorTest } from './extractor.js';

/** Rust regex -> JS RegExp source: `(?P<name>` groups, inline flags at the start */
export function translateRegex(rule: string): { source: string; flags: string } {
  let source = rule.replace(/\(\?P</g, '(?<');
  let flags = 'u';
  const m = /^\(\?([imsx]+)\)/.exec(source);
  if (m) {
    source = source.slice(m[0].length);
    for (const f of m[1]) if (f !== 'x' && !flags.includes(f)) flags += f;
  }
  return { source, flags };
}

export function compileRegex(rule: string, extraFlags = ''): RegExp {
  const { source, flags } = translateRegex(rule);
  return new RegExp(source, flags + extraFlags);
}

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
    for (const m of s.matchAll(r)) {
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
