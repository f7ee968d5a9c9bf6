/**
 * RFC 5424 structured data, `[exampleSDID@32473 iut="3" eventSource="Application"]…`, read as
 * `syslog_loose` reads it: `-` is none; else one or more `[id name="value" …]` elements. The
 * id runs to whitespace, `]` or `=`; spaces may follow a `=`; values keep their escapes (`\"`,
 * `\\`, `\]` stay as written, as in Tremor, which is what lets encoding write them back).
 *
 * `permissive` (RFC 5424) also takes an element it cannot read, `[anything]`, and drops it;
 * strict (RFC 3164, where brackets are often just text) fails instead, so the text stays in
 * the message.
 */
import { isWhitespace, spaces } from './scan.js';

export interface Element {
  id: string;
  params: [string, string][];
}

/** the elements at `pos` and the position after them, or undefined */
export function structuredData(s: string, pos: number, permissive: boolean): { elements: Element[]; end: number } | undefined {
  if (s[pos] === '-') return { elements: [], end: pos + 1 };
  const elements: Element[] = [];
  let end = pos;
  for (;;) {
    const e = element(s, end) ?? (permissive ? unreadable(s, end) : undefined);
    if (!e) break;
    if (e.element) elements.push(e.element);
    end = e.end;
  }
  return end > pos ? { elements, end } : undefined;
}

type Read = { element?: Element; end: number } | undefined;

/** `[id name="value" …]`: parameters one space apart */
function element(s: string, pos: number): Read {
  if (s[pos] !== '[') return undefined;
  let end = pos + 1;
  while (end < s.length && !isWhitespace(s[end]) && s[end] !== ']' && s[end] !== '=') end++;
  if (end === pos + 1) return undefined;
  const id = s.slice(pos + 1, end);
  const params: [string, string][] = [];
  let p = param(s, spaces(s, end));
  end = p ? p.end : spaces(s, end);
  while (p) {
    params.push(p.param);
    p = s[end] === ' ' ? param(s, end + 1) : undefined;
    if (p) end = p.end;
  }
  return s[end] === ']' ? { element: { id, params }, end: end + 1 } : undefined;
}

/** `[…]` up to the first `]`, dropped */
function unreadable(s: string, pos: number): Read {
  const close = s[pos] === '[' ? s.indexOf(']', pos + 1) : -1;
  return close < 0 ? undefined : { end: close + 1 };
}

/** `name="value"`; the name runs to `=` or `]` (spaces included, as in `syslog_loose`) */
function param(s: string, pos: number): { param: [string, string]; end: number } | undefined {
  let eq = pos;
  while (eq < s.length && s[eq] !== '=' && s[eq] !== ']') eq++;
  if (eq === pos || s[eq] !== '=') return undefined;
  const v = quoted(s, spaces(s, eq + 1));
  return v && { param: [s.slice(pos, eq), v.value], end: v.end };
}

/** `"…"` where a backslash escapes the next character; the escapes are kept */
function quoted(s: string, pos: number): { value: string; end: number } | undefined {
  if (s[pos] !== '"') return undefined;
  let i = pos + 1;
  while (i < s.length && s[i] !== '"') {
    if (s[i] === '\\' && i + 1 >= s.length) return undefined;
    i += s[i] === '\\' ? 2 : 1;
  }
  return i < s.length ? { value: s.slice(pos + 1, i), end: i + 1 } : undefined;
}
