/**
 * What the parse semantics of every language share (src/lang/parse-*.ts): spans of
 * concrete-syntax nodes, the AST of children, and the builders several rules use.
 */
import type { Node, NonterminalNode, IterationNode } from 'ohm-js';
import type * as A from './ast.js';
import { fail } from '../base/diagnostics.js';
import type { Source, Span } from '../base/source.js';
import { I64_MIN, U64_MAX, intFromBig, type Value } from '../runtime/value.js';

export type ParseHelpers = ReturnType<typeof parseHelpers>;

export function parseHelpers(src: Source) {
  const span = (n: Node): Span => src.span(n.source.startIdx, n.source.endIdx);
  const ast = <T>(n: Node): T => n.ast() as T;
  const list = <T>(n: Node): T[] => n.asIteration().children.map((c) => c.ast() as T);
  const opt = <T>(n: IterationNode): T | null => (n.children.length ? (n.children[0].ast() as T) : null);
  const optList = <T>(n: IterationNode): T[] => (n.children.length ? (n.children[0].ast() as T[]) : []);
  const text = (n: Node): string => n.ast() as string;

  const binary = (l: Node, op: Node, r: Node, node: NonterminalNode): A.Binary => ({
    kind: 'binary',
    op: op.sourceString.trim() as A.BinaryOp,
    left: ast(l),
    right: ast(r),
    span: span(node),
  });

  // a string piece: the characters between the delimiters, with escapes resolved
  const chars = (n: IterationNode): string => n.children.map((c) => c.ast() as string).join('');
  const strParts = (pieces: string[], exprs: A.Expr[]): (string | A.Expr)[] => {
    const parts: (string | A.Expr)[] = [];
    for (let i = 0; i < pieces.length; i++) {
      if (pieces[i] !== '') parts.push(pieces[i]);
      if (i < exprs.length) parts.push(exprs[i]);
    }
    return parts;
  };

  const pathOf = (e: A.Expr, s: Span): A.Path => (e.kind === 'path' ? e : { kind: 'path', root: { kind: 'expr', expr: e, span: e.span }, segments: [], span: s });

  const withSegment = (base: Node, seg: A.Segment, node: NonterminalNode): A.Path => {
    const p = pathOf(ast<A.Expr>(base), span(base));
    return { kind: 'path', root: p.root, segments: [...p.segments, seg], span: span(node) };
  };

  const root = (kind: 'event' | 'state' | 'args' | 'group' | 'window', node: NonterminalNode): A.Path => {
    const s = span(node);
    return { kind: 'path', root: { kind, span: s }, segments: [], span: s };
  };

  const params = (n: Node): { params: string[]; variadic: boolean } => n.ast() as { params: string[]; variadic: boolean };

  const patchKv = (kind: 'insert' | 'upsert' | 'update' | 'merge' | 'default') =>
    function (this: NonterminalNode, _k: Node, key: Node, _a: Node, value: Node): A.PatchOp {
      return { kind, key: ast(key), value: ast(value), span: span(this) };
    };
  const patchAll = (kind: 'merge' | 'default') =>
    function (this: NonterminalNode, _k: Node, _a: Node, value: Node): A.PatchOp {
      return { kind, key: null, value: ast(value), span: span(this) };
    };

  const createNode = (kind: A.CreateNode['kind']) =>
    function (this: NonterminalNode, _c: Node, _k: Node, name: Node, from: IterationNode, w: IterationNode): A.CreateNode {
      return { kind, name: text(name), from: opt(from), with: opt(w), span: span(this) };
    };

  return { src, span, ast, list, opt, optList, text, binary, chars, strParts, pathOf, withSegment, root, params, patchKv, patchAll, createNode };
}

/** the characters a simple escape stands for */
export const UNESCAPE: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '#': '#', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function intLiteral(b: bigint, code: 'L003' | 'L004', message: string, s: Span): Value {
  if (b > U64_MAX || b < I64_MIN) fail(code, message, s);
  return intFromBig(b);
}

/**
 * Extractor rules may continue over several lines (`\` before a line break); the common
 * leading indentation of the non-empty lines is then removed.
 */
export function dedent(rule: string): string {
  if (!rule.includes('\n')) return rule;
  const lines = rule.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^\s*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('');
}
