/**
 * Parse semantics of expressions: operators, paths, literals (numbers, records, arrays,
 * binaries, strings with interpolation and heredocs), `patch` and `merge`.
 */
import type { IterationNode, NonterminalNode } from 'ohm-js';
import type { TroyActionDict } from './generated/tremor.ohm-bundle.js';
import type * as A from './ast.js';
import { fail } from '../base/diagnostics.js';
import { float } from '../runtime/value.js';
import { UNESCAPE, intLiteral, type ParseHelpers } from './parse-helpers.js';

export function exprActions(h: ParseHelpers): TroyActionDict<unknown> {
  const { src, span, ast, list, opt, text, binary, chars, strParts, pathOf, withSegment, root, patchKv, patchAll } = h;
  // `$` or `$key`: metadata, as a path
  const metaPath = (node: NonterminalNode, key: IterationNode): A.Path => {
    const s = span(node);
    const k = opt<string>(key);
    const segments: A.Segment[] = k === null ? [] : [{ kind: 'key', key: k, span: span(key.children[0]) }];
    return { kind: 'path', root: { kind: 'meta', span: s }, segments, span: s };
  };
  // `a`, `a::b`: a local, constant or module path, resolved when lowering
  const namePath = (node: NonterminalNode, path: NonterminalNode): A.Path => {
    const s = span(node);
    return { kind: 'path', root: { kind: 'name', names: ast(path), span: s }, segments: [], span: s };
  };

  return {
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
      return metaPath(this, key);
    },
    Primary_name(path) {
      return namePath(this, path);
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
      return metaPath(this, key);
    },
    PathRoot_name(path) {
      return namePath(this, path);
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
  };
}
