/** What is under or before the cursor in a Tremor source: a word, or a `a::b::c` path. */

const PART = /[A-Za-z0-9_]/;

/** the `::`-separated path (or plain word) around `offset`, with its extent; null on none */
export function pathAt(text: string, offset: number): { path: string[]; start: number; end: number } | null {
  let start = offset;
  let end = offset;
  const isPathChar = (i: number) => PART.test(text[i] ?? '') || (text[i] === ':' && (text[i + 1] === ':' || text[i - 1] === ':'));
  while (start > 0 && isPathChar(start - 1)) start--;
  while (end < text.length && isPathChar(end)) end++;
  const s = text.slice(start, end).replace(/^:+|:+$/g, '');
  if (!s || !/[A-Za-z_]/.test(s)) return null;
  return { path: s.split('::'), start, end };
}

/** a path being typed before `offset` that ends with `::` (completion of its members), or null */
export function modulePathBefore(text: string, offset: number): string[] | null {
  const m = /((?:[A-Za-z_][A-Za-z0-9_]*::)+)([A-Za-z0-9_]*)$/.exec(text.slice(Math.max(0, offset - 200), offset));
  return m ? m[1].slice(0, -2).split('::') : null;
}
