/**
 * Parse semantics of trickle (queries): `#!config`, the `define` and `create` statements,
 * `select`; and Ohm's default list and iteration actions, which every language uses.
 */
import type { TroyActionDict } from './generated/tremor.ohm-bundle.js';
import type * as A from './ast.js';
import type { ParseHelpers } from './parse-helpers.js';

export function trickleActions(h: ParseHelpers): TroyActionDict<unknown> {
  const { span, ast, list, opt, optList, text, createNode } = h;
  return {
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
      // each declaration knows the whole `args …` section: a missing argument shows it
      const section = span(this);
      return (list(items) as A.ArgDecl[]).map((d) => ({ ...d, section }));
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
      return { name: text(name), value: ast(value), span: span(this), nameSpan: span(name) } satisfies A.WithItem;
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
      return { node: text(node), port: text(port), span: span(this), nodeSpan: span(node) } satisfies A.StreamRef;
    },
    StreamRef_plain(node) {
      return { node: text(node), port: null, span: span(this), nodeSpan: span(node) } satisfies A.StreamRef;
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
