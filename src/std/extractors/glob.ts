/** `glob|pattern|`: shell globbing (`*`, `?`, `[…]`) over the whole string; yields true. */
import type { ExtractorTest } from './extractor.js';

export function glob(rule: string): ExtractorTest {
  let src = '^';
  for (let i = 0; i < rule.length; i++) {
    const c = rule[i];
    if (c === '*') src += '[\\s\\S]*';
    else if (c === '?') src += '[\\s\\S]';
    else if (c === '[') {
      const end = rule.indexOf(']', i + 2);
      if (end < 0) src += '\\[';
      else {
        let cls = rule.slice(i + 1, end);
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        src += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else src += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const re = new RegExp(src + '$', 'u');
  return (s) => (re.test(s) ? true : undefined);
}
