/**
 * Parse semantics of tremor-script: the file kinds, script statements (`use`, `const`, `fn`,
 * `intrinsic`), the statement-like expressions (`let`, `emit`, `drop`, `match`, `for`) and
 * patterns. Expressions proper are src/lang/parse-expr.ts.
 */
import type { TroyActionDict } from './generated/tremor.ohm-bundle.js';
import type * as A from './ast.js';
import { dedent, type ParseHelpers } from './parse-helpers.js';

export function scriptActions(h: ParseHelpers): TroyActionDict<unknown> {
  const { span, ast, list, opt, text, pathOf, params } = h;
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
  };
}
