/**
 * Completion: after `a::b::`, the members of that std module (functions with their
 * signatures, constants, sub-modules); after `from` in a `define connector`, the connector
 * types; inside its `config = {…}`, that type's configuration keys with their docs; anywhere
 * else the keywords, the std modules and the names this document defines.
 */
import type { CompletionItem, CompletionItemKind } from 'vscode-languageserver';
import { connectorTypes } from '../connectors/registry.js';
import { signature, type StdLookup } from './std-lookup.js';
import { modulePathBefore } from './words.js';

const KEYWORDS = [
  'define',
  'create',
  'deploy',
  'connect',
  'flow',
  'connector',
  'pipeline',
  'script',
  'operator',
  'window',
  'from',
  'to',
  'with',
  'args',
  'state',
  'end',
  'use',
  'as',
  'select',
  'where',
  'group',
  'by',
  'having',
  'into',
  'match',
  'of',
  'case',
  'default',
  'when',
  'let',
  'emit',
  'drop',
  'for',
  'patch',
  'merge',
  'insert',
  'upsert',
  'update',
  'erase',
  'move',
  'copy',
  'present',
  'absent',
  'fn',
  'const',
  'intrinsic',
  'recur',
  'event',
  'true',
  'false',
  'null',
  'and',
  'or',
  'xor',
  'not',
  'tumbling',
  'sliding',
  'each',
  'set',
];
// the protocol's CompletionItemKind numbers (the package is CommonJS: its enum is not imported)
const FUNCTION = 3 as CompletionItemKind;
const CLASS = 7 as CompletionItemKind;
const MODULE = 9 as CompletionItemKind;
const PROPERTY = 10 as CompletionItemKind;
const KEYWORD = 14 as CompletionItemKind;
const REFERENCE = 18 as CompletionItemKind;
const CONSTANT = 21 as CompletionItemKind;

export function completions(text: string, offset: number, std: StdLookup, docOf: (fullPath: string) => { params?: readonly string[]; doc?: string } | undefined): CompletionItem[] {
  const path = modulePathBefore(text, offset);
  if (path) {
    const r = std.resolveModule(path);
    if (!r) return [];
    const m = r.module;
    const full = (name: string) => [...r.full, name].join('::');
    return [
      ...Object.entries(m.fns).map(([name, f]) => ({ label: name, kind: FUNCTION, detail: signature(f, docOf(full(name))?.params), documentation: docOf(full(name))?.doc })),
      ...Object.keys(m.consts).map((name) => ({ label: name, kind: CONSTANT })),
      ...Object.keys(m.mods).map((name) => ({ label: name, kind: MODULE })),
    ];
  }
  const before = text.slice(0, offset);
  if (/\bdefine\s+connector\s+[A-Za-z_][A-Za-z0-9_]*\s+from\s+[A-Za-z_]*$/.test(before)) {
    return [...connectorTypes.values()].map((t) => ({ label: t.name, kind: CLASS, detail: t.summary }));
  }
  const type = configOf(before);
  if (type) {
    const fields = connectorTypes.get(type)?.config.fields ?? {};
    return Object.entries(fields).map(([key, f]) => ({ label: key, kind: PROPERTY, detail: `${type} config`, documentation: (f as { doc?: string }).doc }));
  }
  const defined = [...text.matchAll(/\bdefine\s+(?:connector|pipeline|script|operator|window|flow)\s+([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
  return [...KEYWORDS.map((k) => ({ label: k, kind: KEYWORD })), ...std.topModules.map((m) => ({ label: m, kind: MODULE })), ...[...new Set(defined)].map((d) => ({ label: d, kind: REFERENCE }))];
}

/** the connector type whose `config = {` the text before the cursor is inside, if any */
function configOf(before: string): string | null {
  const def = [...before.matchAll(/\bdefine\s+connector\s+[A-Za-z_][A-Za-z0-9_]*\s+from\s+([A-Za-z_][A-Za-z0-9_]*)/g)].pop();
  if (!def) return null;
  const after = before.slice((def.index ?? 0) + def[0].length);
  const cfg = /\bconfig\s*=\s*\{/.exec(after);
  if (!cfg || /\bend\b/.test(after)) return null;
  // still inside the record: more `{` than `}` after `config =`
  const body = after.slice(cfg.index);
  const open = (body.match(/\{/g) ?? []).length - (body.match(/\}/g) ?? []).length;
  return open > 0 ? def[1] : null;
}
