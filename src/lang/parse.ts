/**
 * Source text -> AST. The only module that imports Ohm: it matches a start rule of the
 * generated grammar bundle (query-lang/*.ohm) and turns the concrete syntax tree into the
 * AST of src/lang/ast.ts, attaching a span to every node. A failed match becomes a positioned
 * diagnostic (src/lang/syntaxerror.ts).
 */
import type { Node, NonterminalNode, IterationNode } from 'ohm-js';
import grammars, { type TroyActionDict } from './generated/tremor.ohm-bundle.js';
import type * as A from './ast.js';
import { fail } from '../base/diagnostics.js';
import { Source, type Span } from '../base/source.js';
import { syntaxError } from './syntaxerror.js';
import { I64_MIN, U64_MAX, float, intFromBig, type Value } from '../runtime/value.js';

const grammar = grammars.Troy;

export type StartRule = 'ScriptFile' | 'QueryFile' | 'DeployFile' | 'ModuleFile';

export function parseScript(src: Source): A.ScriptAst {
  return parse(src, 'ScriptFile') as A.ScriptAst;
}

export function parseQuery(src: Source): A.QueryAst {
  return parse(src, 'QueryFile') as A.QueryAst;
}

export function parseDeploy(src: Source): A.DeployAst {
  return parse(src, 'DeployFile') as A.DeployAst;
}

export function parseModule(src: Source): A.ModuleAst {
  return parse(src, 'ModuleFile') as A.ModuleAst;
}

export function parse(src: Source, start: StartRule): unknown {
  const m = grammar.match(src.text, start);
  if (m.failed()) throw syntaxError(src, m);
  const sem = grammar.createSemantics().addOperation<unknown>('ast', actions(src));
  return sem(m).ast();
}

/** Terminal text of a parse (the literal value of number and string pieces). */
const UNESCAPE: Record<string, string> = { '"': '"', '\\': '\\', '#': '#', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function actions(src: Source): TroyActionDict<unknown> {
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

  const pathOf = (e: A.Expr, s: Span): A.Path =>
    e.kind === 'path' ? e : { kind: 'path', root: { kind: 'expr', expr: e, span: e.span }, segments: [], span: s };

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

  return {
    // ---------------------------------------------------------------- files
    ScriptFile(body, _end) {
      return { kind: 'script', body: ast(body), span: span(this) } satisfies A.ScriptAst;
    },
    ScriptBody(stmts, _semi) {
      return list(stmts);
    },
    QueryFile(config, body, _end) {
      return { kind: 'query', config: config.children.map((c) => c.ast()), body: ast(body), span: span(this) } as A.QueryAst;
    },
    QueryBody(stmts, _semi) {
      return list(stmts);
    },
    DeployFile(config, stmts, _semi, _end) {
      return { kind: 'deploy', config: config.children.map((c) => c.ast()), body: list(stmts), span: span(this) } as A.DeployAst;
    },
    ModuleFile(stmts, _semi, _end) {
      return { kind: 'module', body: list(stmts), span: span(this) } as A.ModuleAst;
    },

    // ---------------------------------------------------------------- script statements
    TopExpr(x) {
      const v = ast<A.ScriptStmt | A.Expr>(x);
      return v.kind === 'use' || v.kind === 'const' || v.kind === 'fn' || v.kind === 'intrinsic' ? v : { kind: 'expr', expr: v, span: v.span };
    },
    Use(_k, tree) {
      return { kind: 'use', imports: ast(tree), span: span(this) } satisfies A.Use;
    },
    UseTree_group(path, _sep, _open, items, _comma, _close) {
      const prefix = ast<string[]>(path);
      return list<A.Use['imports']>(items)
        .flat()
        .map((u) => ({ path: [...prefix, ...u.path], alias: u.alias, span: u.span }));
    },
    UseTree_alias(path, _as, alias) {
      return [{ path: ast<string[]>(path), alias: text(alias), span: span(path) }];
    },
    UseTree_plain(path) {
      const p = ast<string[]>(path);
      return [{ path: p, alias: p[p.length - 1], span: span(path) }];
    },
    Const(_k, name, _eq, value) {
      return { kind: 'const', name: text(name), value: ast(value), span: span(this) } satisfies A.Const;
    },
    Intrinsic(_i, _f, name, _o, ps, _c, _as, target) {
      return { kind: 'intrinsic', name: text(name), ...params(ps), target: ast(target), span: span(this) } satisfies A.Intrinsic;
    },
    FnDefn_with(_f, name, _o, ps, _c, _with, body, _end) {
      return { kind: 'fn', name: text(name), ...params(ps), body: ast(body), cases: null, span: span(this) } satisfies A.FnDef;
    },
    FnDefn_of(_f, name, _o, ps, _c, _of, cases, dflt, _end) {
      const all = [...cases.children.map((c) => c.ast() as A.FnCase), ast<A.FnCase>(dflt)];
      return { kind: 'fn', name: text(name), ...params(ps), body: null, cases: all, span: span(this) } satisfies A.FnDef;
    },
    Params_variadic(ps, _c, _dots) {
      return { params: list<string>(ps), variadic: true };
    },
    Params_onlyVariadic(_dots) {
      return { params: [], variadic: true };
    },
    Params_fixed(ps) {
      return { params: list<string>(ps), variadic: false };
    },
    FnCase(_case, _o, pats, _c, guard, _arrow, body) {
      return { patterns: list(pats), guard: opt(guard), body: ast(body), span: span(this) } satisfies A.FnCase;
    },
    FnDefault_case(_case, _any, _arrow, body) {
      return { patterns: null, guard: null, body: ast(body), span: span(this) } satisfies A.FnCase;
    },
    FnDefault_default(_d, _arrow, body) {
      return { patterns: null, guard: null, body: ast(body), span: span(this) } satisfies A.FnCase;
    },

    // ---------------------------------------------------------------- expressions
    Exprs(es, _semi) {
      return list(es);
    },
    ExprsImut(es, _comma) {
      return list(es);
    },
    Let(_k, target, _eq, value) {
      const t = ast<A.Expr>(target);
      return { kind: 'let', target: pathOf(t, span(target)), value: ast(value), span: span(this) } satisfies A.Let;
    },
    Emit(_k, value, port) {
      return { kind: 'emit', value: opt(value), port: opt(port), span: span(this) } satisfies A.Emit;
    },
    EmitPort(_arrow, s) {
      return ast(s);
    },
    Drop(_k) {
      return { kind: 'drop', span: span(this) } satisfies A.Drop;
    },
    Match(_m, target, _of, cases, _end) {
      return { kind: 'match', target: ast(target), cases: cases.children.map((c) => c.ast()), mutable: true, span: span(this) } as A.Match;
    },
    MatchImut(_m, target, _of, cases, _end) {
      return { kind: 'match', target: ast(target), cases: cases.children.map((c) => c.ast()), mutable: false, span: span(this) } as A.Match;
    },
    MatchCase_case(_c, pat, guard, _arrow, body) {
      return { pattern: ast(pat), guard: opt(guard), body: ast(body), span: span(this) } satisfies A.MatchCase;
    },
    MatchCase_default(_d, _arrow, body) {
      return { pattern: null, guard: null, body: ast(body), span: span(this) } satisfies A.MatchCase;
    },
    MatchCaseImut_case(_c, pat, guard, _arrow, body) {
      return { pattern: ast(pat), guard: opt(guard), body: ast(body), span: span(this) } satisfies A.MatchCase;
    },
    MatchCaseImut_default(_d, _arrow, body) {
      return { pattern: null, guard: null, body: ast(body), span: span(this) } satisfies A.MatchCase;
    },
    Guard(_w, e) {
      return ast(e);
    },

    // ---------------------------------------------------------------- patterns
    Pattern_assign(name, _eq, pat) {
      return { kind: 'assign', name: text(name), pattern: ast(pat), span: span(this) } satisfies A.Pattern;
    },
    Pattern_extract(_t, ex) {
      return { kind: 'extract', extractor: ast(ex), span: span(this) } satisfies A.Pattern;
    },
    Pattern_any(_u) {
      return { kind: 'any', span: span(this) } satisfies A.Pattern;
    },
    Pattern_expr(e) {
      return { kind: 'expr', expr: ast(e), span: span(this) } satisfies A.Pattern;
    },
    RecordPattern(_o, fields, _comma, _c) {
      return { kind: 'record', fields: list(fields), span: span(this) } satisfies A.RecordPattern;
    },
    FieldPattern_present(_k, key) {
      return { kind: 'present', key: text(key), span: span(this) } satisfies A.FieldPattern;
    },
    FieldPattern_absent(_k, key) {
      return { kind: 'absent', key: text(key), span: span(this) } satisfies A.FieldPattern;
    },
    FieldPattern_assignExtract(alias, _eq, key, _t, ex) {
      return { kind: 'extract', key: text(key), alias: text(alias), extractor: ast(ex), span: span(this) } satisfies A.FieldPattern;
    },
    FieldPattern_extract(key, _t, ex) {
      return { kind: 'extract', key: text(key), alias: null, extractor: ast(ex), span: span(this) } satisfies A.FieldPattern;
    },
    FieldPattern_record(key, _t, p) {
      return { kind: 'nested', key: text(key), pattern: ast(p), span: span(this) } satisfies A.FieldPattern;
    },
    FieldPattern_array(key, _t, p) {
      return { kind: 'nested', key: text(key), pattern: ast(p), span: span(this) } satisfies A.FieldPattern;
    },
    FieldPattern_tuple(key, _t, p) {
      return { kind: 'nested', key: text(key), pattern: ast(p), span: span(this) } satisfies A.FieldPattern;
    },
    FieldPattern_cmp(key, op, e) {
      return { kind: 'cmp', key: text(key), op: op.sourceString as '==', expr: ast(e), span: span(this) } satisfies A.FieldPattern;
    },
    ArrayPattern(_o, elems, _comma, _c) {
      return { kind: 'array', elems: list(elems), span: span(this) } satisfies A.ArrayPattern;
    },
    TuplePattern_open(_o, elems, _c1, _dots, _c) {
      return { kind: 'tuple', elems: list(elems), open: true, span: span(this) } satisfies A.TuplePattern;
    },
    TuplePattern_onlyOpen(_o, _dots, _c) {
      return { kind: 'tuple', elems: [], open: true, span: span(this) } satisfies A.TuplePattern;
    },
    TuplePattern_closed(_o, elems, _comma, _c) {
      return { kind: 'tuple', elems: list(elems), open: false, span: span(this) } satisfies A.TuplePattern;
    },
    PatternElem_any(_u) {
      return { kind: 'any', span: span(this) } satisfies A.Pattern;
    },
    PatternElem_extract(_t, ex) {
      return { kind: 'extract', extractor: ast(ex), span: span(this) } satisfies A.Pattern;
    },
    PatternElem_expr(e) {
      return { kind: 'expr', expr: ast(e), span: span(this) } satisfies A.Pattern;
    },
    extractor(name0, name, _ws, _open, body, _close) {
      const raw = body.children.map((c) => c.ast() as string).join('');
      return { name: (name0.sourceString + name.sourceString).toLowerCase(), rule: dedent(raw), span: span(this) } satisfies A.Extractor;
    },
    extractorEscape(_bs, c) {
      return c.sourceString === '\n' ? '\n' : c.sourceString;
    },

    // ---------------------------------------------------------------- for
    For(_f, target, _of, cases, into, _end) {
      const i = opt<{ into: A.Expr; op: A.For['op'] }>(into);
      return { kind: 'for', target: ast(target), cases: cases.children.map((c) => c.ast()), into: i?.into ?? null, op: i?.op ?? null, mutable: true, span: span(this) } as A.For;
    },
    ForImut(_f, target, _of, cases, into, _end) {
      const i = opt<{ into: A.Expr; op: A.For['op'] }>(into);
      return { kind: 'for', target: ast(target), cases: cases.children.map((c) => c.ast()), into: i?.into ?? null, op: i?.op ?? null, mutable: false, span: span(this) } as A.For;
    },
    ForCase(_c, _o, k, _comma, v, _cl, guard, _arrow, body) {
      return { key: text(k), value: text(v), guard: opt(guard), body: ast(body), span: span(this) } satisfies A.ForCase;
    },
    ForCaseImut(_c, _o, k, _comma, v, _cl, guard, _arrow, body) {
      return { key: text(k), value: text(v), guard: opt(guard), body: ast(body), span: span(this) } satisfies A.ForCase;
    },
    ForInto(_i, e, use) {
      return { into: ast(e), op: opt(use) };
    },
    ForUse(_u, op) {
      return { op: op.sourceString.trim() as A.FoldOp, span: span(op) };
    },

    // ---------------------------------------------------------------- operators
    OrExpr_op(l, op, r) {
      return binary(l, op, r, this);
    },
    XorExpr_op(l, op, r) {
      return binary(l, op, r, this);
    },
    AndExpr_op(l, op, r) {
      return binary(l, op, r, this);
    },
    BitXorExpr_op(l, op, r) {
      return binary(l, op, r, this);
    },
    BitAndExpr_op(l, op, r) {
      return binary(l, op, r, this);
    },
    EqExpr_op(l, op, r) {
      return binary(l, op, r, this);
    },
    CmpExpr_op(l, op, r) {
      return binary(l, op, r, this);
    },
    ShiftExpr_op(l, op, r) {
      return binary(l, op, r, this);
    },
    AddExpr_op(l, op, r) {
      return binary(l, op, r, this);
    },
    MulExpr_op(l, op, r) {
      return binary(l, op, r, this);
    },
    UnaryExpr_op(op, e) {
      return { kind: 'unary', op: op.sourceString as A.UnaryOp, operand: ast(e), span: span(this) } satisfies A.Unary;
    },
    NotExpr_op(op, e) {
      return { kind: 'unary', op: op.sourceString.trim() as A.UnaryOp, operand: ast(e), span: span(this) } satisfies A.Unary;
    },
    PresenceExpr_present(_k, p) {
      return { kind: 'presence', absent: false, path: pathOf(ast(p), span(p)), span: span(this) } satisfies A.Presence;
    },
    PresenceExpr_absent(_k, p) {
      return { kind: 'presence', absent: true, path: pathOf(ast(p), span(p)), span: span(this) } satisfies A.Presence;
    },

    // ---------------------------------------------------------------- paths
    Segments_key(base, _dot, key) {
      return withSegment(base, { kind: 'key', key: text(key), span: span(key) }, this);
    },
    Segments_index(base, _o, index, _c) {
      return withSegment(base, { kind: 'index', index: ast(index), span: span(index) }, this);
    },
    Segments_range(base, _o, start, _colon, end, _c) {
      const s = src.span(start.source.startIdx, end.source.endIdx);
      return withSegment(base, { kind: 'range', start: ast(start), end: ast(end), span: s }, this);
    },
    Primary_paren(_o, e, _c) {
      return ast(e);
    },
    Primary_event(_k) {
      return root('event', this);
    },
    Primary_state(_k) {
      return root('state', this);
    },
    Primary_args(_k) {
      return root('args', this);
    },
    Primary_group(_k) {
      return root('group', this);
    },
    Primary_window(_k) {
      return root('window', this);
    },
    Primary_meta(_dollar, key) {
      const s = span(this);
      const k = opt<string>(key);
      const segments: A.Segment[] = k === null ? [] : [{ kind: 'key', key: k, span: span(key.children[0]) }];
      return { kind: 'path', root: { kind: 'meta', span: s }, segments, span: s } satisfies A.Path;
    },
    Primary_name(path) {
      const s = span(this);
      return { kind: 'path', root: { kind: 'name', names: ast(path), span: s }, segments: [], span: s } satisfies A.Path;
    },
    PathRoot_paren(_o, e, _c) {
      return ast(e);
    },
    PathRoot_event(_k) {
      return root('event', this);
    },
    PathRoot_state(_k) {
      return root('state', this);
    },
    PathRoot_args(_k) {
      return root('args', this);
    },
    PathRoot_group(_k) {
      return root('group', this);
    },
    PathRoot_window(_k) {
      return root('window', this);
    },
    PathRoot_meta(_dollar, key) {
      const s = span(this);
      const k = opt<string>(key);
      const segments: A.Segment[] = k === null ? [] : [{ kind: 'key', key: k, span: span(key.children[0]) }];
      return { kind: 'path', root: { kind: 'meta', span: s }, segments, span: s } satisfies A.Path;
    },
    PathRoot_name(path) {
      const s = span(this);
      return { kind: 'path', root: { kind: 'name', names: ast(path), span: s }, segments: [], span: s } satisfies A.Path;
    },
    ModPath(names) {
      return list<string>(names);
    },
    Invoke(path, _o, args, _comma, _c) {
      return { kind: 'call', names: ast(path), args: list(args), span: span(this) } satisfies A.Call;
    },
    Recur(_r, _o, args, _comma, _c) {
      return { kind: 'recur', args: list(args), span: span(this) } satisfies A.Recur;
    },

    // ---------------------------------------------------------------- literals
    Literal_null(_k) {
      return { kind: 'literal', value: null, span: span(this) } satisfies A.Literal;
    },
    Literal_true(_k) {
      return { kind: 'literal', value: true, span: span(this) } satisfies A.Literal;
    },
    Literal_false(_k) {
      return { kind: 'literal', value: false, span: span(this) } satisfies A.Literal;
    },
    Literal_number(n) {
      return { kind: 'literal', value: ast(n), span: span(this) } satisfies A.Literal;
    },
    number_hex(_x, digits) {
      return intLiteral(BigInt('0x' + digits.sourceString.replace(/_/g, '')), 'L003', 'An invalid hexadecimal', span(this));
    },
    number_float(_i, _dot, _f, _e, _sign, _exp) {
      return float(Number(this.sourceString.replace(/_/g, '')));
    },
    number_int(digits) {
      return intLiteral(BigInt(digits.sourceString.replace(/_/g, '')), 'L004', 'An invalid integer literal', span(this));
    },
    Record(_o, fields, _comma, _c) {
      return { kind: 'record', fields: list(fields), span: span(this) } satisfies A.RecordLit;
    },
    Field(key, _colon, value) {
      return { key: ast(key), value: ast(value), span: span(this) };
    },
    Array(_o, items, _comma, _c) {
      return { kind: 'array', items: list(items), span: span(this) } satisfies A.ArrayLit;
    },

    // ---------------------------------------------------------------- patch, merge
    Patch(_p, target, _of, ops, _semi, _end) {
      return { kind: 'patch', target: ast(target), ops: list(ops), span: span(this) } satisfies A.Patch;
    },
    PatchOp_insert: patchKv('insert'),
    PatchOp_upsert: patchKv('upsert'),
    PatchOp_update: patchKv('update'),
    PatchOp_mergeKey: patchKv('merge'),
    PatchOp_defaultKey: patchKv('default'),
    PatchOp_merge: patchAll('merge'),
    PatchOp_default: patchAll('default'),
    PatchOp_erase(_k, key) {
      return { kind: 'erase', key: ast(key), span: span(this) } satisfies A.PatchOp;
    },
    PatchOp_copy(_k, from, _a, to) {
      return { kind: 'copy', from: ast(from), to: ast(to), span: span(this) } satisfies A.PatchOp;
    },
    PatchOp_move(_k, from, _a, to) {
      return { kind: 'move', from: ast(from), to: ast(to), span: span(this) } satisfies A.PatchOp;
    },
    Merge(_m, target, _of, spec, _end) {
      return { kind: 'merge', target: ast(target), spec: ast(spec), span: span(this) } satisfies A.Merge;
    },

    // ---------------------------------------------------------------- binary literals
    BinaryLit(_o, parts, _comma, _c) {
      return { kind: 'binaryLit', parts: list(parts), span: span(this) } satisfies A.BinaryLit;
    },
    BinPart(value, bits, type) {
      return { value: ast(value), bits: opt(bits), type: opt(type), span: span(this) } satisfies A.BinPart;
    },
    BinBits(_colon, n) {
      return { value: ast(n), span: span(n) };
    },
    BinType(_slash, name) {
      return { name: text(name), span: span(name) };
    },

    // ---------------------------------------------------------------- strings
    String_interp(open, first, mids, rest, close) {
      const pieces = [text(open), ...mids.children.map((m) => text(m)), text(close)];
      const exprs = [ast<A.Expr>(first), ...rest.children.map((r) => ast<A.Expr>(r))];
      return { kind: 'string', parts: strParts(pieces, exprs), span: span(this) } satisfies A.StringLit;
    },
    String_plain(s) {
      const t = text(s);
      return { kind: 'string', parts: t === '' ? [] : [t], span: span(this) } satisfies A.StringLit;
    },
    strPlain(_o, cs, _c) {
      return chars(cs);
    },
    strOpen(_o, cs, _c) {
      return chars(cs);
    },
    strMid(_o, cs, _c) {
      return chars(cs);
    },
    strClose(_o, cs, _c) {
      return chars(cs);
    },
    strChar(c) {
      return c.ast();
    },
    HereDoc_interp(open, first, mids, rest, close) {
      const pieces = [text(open), ...mids.children.map((m) => text(m)), text(close)];
      const exprs = [ast<A.Expr>(first), ...rest.children.map((r) => ast<A.Expr>(r))];
      return { kind: 'string', parts: strParts(pieces, exprs), span: span(this) } satisfies A.StringLit;
    },
    HereDoc_plain(s) {
      const t = text(s);
      return { kind: 'string', parts: t === '' ? [] : [t], span: span(this) } satisfies A.StringLit;
    },
    hdPlain(_o, cs, _c) {
      return chars(cs);
    },
    hdOpen(_o, cs, _c) {
      return chars(cs);
    },
    hdMid(_o, cs, _c) {
      return chars(cs);
    },
    hdClose(_o, cs, _c) {
      return chars(cs);
    },
    hdChar(c) {
      return c.ast();
    },
    escape_simple(_bs, c) {
      return UNESCAPE[c.sourceString];
    },
    escape_unicode(_u, a, b, c, d) {
      const code = parseInt(a.sourceString + b.sourceString + c.sourceString + d.sourceString, 16);
      if (code >= 0xd800 && code <= 0xdfff) fail('L012', 'An invalid UTF8 escape sequence was found', span(this));
      return String.fromCharCode(code);
    },
    ident_plain(_s, _p) {
      return this.sourceString;
    },
    ident_quoted(_o, cs, _c) {
      return cs.sourceString;
    },

    // ---------------------------------------------------------------- trickle
    ConfigDirective(_k, name, _eq, value) {
      return { name: name.sourceString, value: ast(value), span: span(this) } satisfies A.ConfigDirective;
    },
    DefineWindow(_d, _w, name, _from, kind, w, state, tick, script, _end) {
      return {
        kind: 'defineWindow',
        name: text(name),
        sliding: kind.sourceString === 'sliding',
        with: optList(w),
        state: opt(state),
        tickScript: opt(tick),
        script: opt(script),
        span: span(this),
      } satisfies A.DefineWindow;
    },
    WindowState(_s, e) {
      return ast(e);
    },
    WindowTick(_s, _f, port, body) {
      return { port: text(port), body: ast(body), span: span(body) };
    },
    WindowScript(_s, body) {
      return { body: ast(body), span: span(body) };
    },
    DefineOperator(_d, _o, name, _from, target, args, w) {
      return { kind: 'defineOperator', name: text(name), target: ast(target), args: optList(args), with: opt(w), span: span(this) } satisfies A.DefineOperator;
    },
    DefineScript(_d, _s, name, args, state, ports, _script, body, _end) {
      return {
        kind: 'defineScript',
        name: text(name),
        args: optList(args),
        state: opt(state),
        ports: ports.children.map((p) => p.ast() as A.DefineScript['ports'][number]),
        body: ast(body),
        bodySpan: span(body),
        span: span(this),
      } satisfies A.DefineScript;
    },
    ScriptState(_s, e) {
      return ast(e);
    },
    PortScript(_s, _f, port, body) {
      return { port: text(port), portSpan: span(port), body: ast(body), span: span(this) };
    },
    DefinePipeline(_d, _p, name, from, into, args, _pipeline, config, body, _end) {
      return {
        kind: 'definePipeline',
        name: text(name),
        from: opt(from),
        into: opt(into),
        args: optList(args),
        config: config.children.map((c) => c.ast() as A.ConfigDirective),
        body: ast(body),
        span: span(this),
      } satisfies A.DefinePipeline;
    },
    PipelineFrom(_f, ports) {
      return list(ports);
    },
    PipelineInto(_i, ports) {
      return list(ports);
    },
    ArgsDecl(_a, items, _comma) {
      return list(items);
    },
    ArgItem_default(name, _eq, value) {
      return { name: text(name), default: ast(value), span: span(this) } satisfies A.ArgDecl;
    },
    ArgItem_required(name) {
      return { name: text(name), default: null, span: span(this) } satisfies A.ArgDecl;
    },
    WithList(_w, items, _comma) {
      return list(items);
    },
    WithBlock(w, _end) {
      return ast(w);
    },
    WithItem(name, _eq, value) {
      return { name: text(name), value: ast(value), span: span(this) } satisfies A.WithItem;
    },
    CreateStream(_c, _s, name) {
      return { kind: 'createStream', name: text(name), span: span(this) } satisfies A.CreateStream;
    },
    CreateOperator: createNode('createOperator'),
    CreateScript: createNode('createScript'),
    CreatePipeline: createNode('createPipeline'),
    CreateFrom(_f, path) {
      return ast(path);
    },
    Select(_s, target, _from, from, windows, where, groupBy, _into, into, having) {
      return {
        kind: 'select',
        target: ast(target),
        from: ast(from),
        windows: optList(windows),
        where: opt(where),
        groupBy: opt(groupBy),
        into: ast(into),
        having: opt(having),
        span: span(this),
      } satisfies A.Select;
    },
    StreamRef_port(node, _slash, port) {
      return { node: text(node), port: text(port), span: span(this) } satisfies A.StreamRef;
    },
    StreamRef_plain(node) {
      return { node: text(node), port: null, span: span(this) } satisfies A.StreamRef;
    },
    Windows(_o, names, _c) {
      return names.asIteration().children.map((n) => ({ names: n.ast() as string[], span: span(n) }));
    },
    Where(_w, e) {
      return ast(e);
    },
    Having(_h, e) {
      return ast(e);
    },
    GroupBy(_g, _b, def) {
      return ast(def);
    },
    GroupDef_set(_s, _o, items, _c) {
      return { kind: 'set', items: list(items), span: span(this) } satisfies A.GroupDef;
    },
    GroupDef_each(_e, _o, e, _c) {
      return { kind: 'each', expr: ast(e), span: span(this) } satisfies A.GroupDef;
    },
    GroupDef_expr(e) {
      return { kind: 'expr', expr: ast(e), span: span(this) } satisfies A.GroupDef;
    },

    // ---------------------------------------------------------------- troy
    DefineFlow(_d, _f, name, args, _flow, body, _semi, _end) {
      return { kind: 'defineFlow', name: text(name), args: optList(args), body: list(body), span: span(this) } satisfies A.DefineFlow;
    },
    DefineConnector(_d, _c, name, _from, type, args, w) {
      return {
        kind: 'defineConnector',
        name: text(name),
        connectorType: text(type),
        typeSpan: span(type),
        args: optList(args),
        with: opt(w),
        span: span(this),
      } satisfies A.DefineConnector;
    },
    CreateConnector(_c, _k, name, from, w) {
      return { kind: 'createConnector', name: text(name), from: opt(from), with: opt(w), span: span(this) } satisfies A.CreateInstance;
    },
    Connect(_c, from, _to, to) {
      return { kind: 'connect', from: ast(from), to: ast(to), span: span(this) } satisfies A.Connect;
    },
    Endpoint(_s1, kind, _s2, name, _s3, port) {
      const p = port.children.length ? port : null;
      return {
        type: kind.sourceString as 'connector' | 'pipeline',
        name: text(name),
        nameSpan: span(name),
        port: p ? text(p.children[0]) : null,
        portSpan: p ? span(p.children[0]) : null,
        span: span(this),
      } satisfies A.Endpoint;
    },
    DeployFlow(_d, _f, name, from, w) {
      return { kind: 'deployFlow', name: text(name), from: opt(from), with: opt(w), span: span(this) } satisfies A.DeployFlow;
    },

    // ---------------------------------------------------------------- defaults
    NonemptyListOf(first, _seps, rest) {
      return [first.ast(), ...rest.children.map((c) => c.ast())];
    },
    EmptyListOf() {
      return [];
    },
    _iter(...children) {
      return children.map((c) => c.ast());
    },
    _terminal() {
      return this.sourceString;
    },
  };
}

function intLiteral(b: bigint, code: 'L003' | 'L004', message: string, s: Span): Value {
  if (b > U64_MAX || b < I64_MIN) fail(code, message, s);
  return intFromBig(b);
}

/**
 * Extractor rules may continue over several lines (`\` before a line break); the common
 * leading indentation of the non-empty lines is then removed.
 */
function dedent(rule: string): string {
  if (!rule.includes('\n')) return rule;
  const lines = rule.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^\s*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('');
}
