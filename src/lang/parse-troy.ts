/**
 * Parse semantics of troy (deployments): flows, connectors, `connect` and `deploy flow`.
 */
import type { TroyActionDict } from './generated/tremor.ohm-bundle.js';
import type * as A from './ast.js';
import type { ParseHelpers } from './parse-helpers.js';

export function troyActions(h: ParseHelpers): TroyActionDict<unknown> {
  const { span, ast, list, opt, optList, text } = h;
  return {
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
  };
}
