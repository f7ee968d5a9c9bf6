/**
 * Generated code is a security boundary: a query must never run code it did not spell. Before
 * any generated source reaches `new Function`, it is parsed with acorn and checked against an
 * allowlist:
 *
 * - node types: declarations, blocks, labels, if/for/break/continue/return, and plain
 *   expressions; no `this`, `new`, `with`, `try`, `throw`, templates, regexes, classes,
 *   getters, spreads into calls of unknown functions, `import()`, `eval`.
 * - identifiers: the generated names (`tN`, `lN`, `kN`, `LN`, `b`, `c`, `cs`, `n`, `r`, `p`,
 *   `event`, `meta`, `state`, `H`, `K`) and the helper names of src/runtime/helpers.ts.
 * - calls: only helpers, constants `kN` (std functions, compiled user functions, extractors)
 *   and `push` on a temp array; nothing read out of user data can be called.
 * - member names: never `constructor`, `__proto__`, `prototype` (or the legacy accessors),
 *   checked on non-computed names and string-literal computed names alike — acorn-walk does
 *   not visit either, so every MemberExpression and Property is checked here; computed member
 *   access is allowed only with literals and generated names.
 * - object literal keys: string literals or identifiers, never `__proto__`, no computed keys,
 *   no methods or accessors.
 */
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { HELPER_NAMES } from '../runtime/helpers.js';
import { FORBIDDEN_MEMBERS } from './jsnames.js';

const NODE_TYPES = new Set([
  'Program',
  'ExpressionStatement',
  'BlockStatement',
  'EmptyStatement',
  'VariableDeclaration',
  'VariableDeclarator',
  'FunctionExpression',
  'ReturnStatement',
  'IfStatement',
  'ForStatement',
  'BreakStatement',
  'ContinueStatement',
  'LabeledStatement',
  'Identifier',
  'Literal',
  'ArrayExpression',
  'ObjectExpression',
  'Property',
  'UnaryExpression',
  'BinaryExpression',
  'LogicalExpression',
  'AssignmentExpression',
  'UpdateExpression',
  'ConditionalExpression',
  'CallExpression',
  'MemberExpression',
  'RestElement',
  'ExpressionStatement',
]);

const FIXED_NAMES = new Set(['H', 'K', 'b', 'c', 'cs', 'n', 'r', 'p', 'event', 'meta', 'state', 'undefined', 'script', 'select', 'expr', 'fn']);
const GENERATED = /^(?:[tlkL][0-9]+|fn_[A-Za-z0-9_]+)$/;
/** properties generated code reads on its own values (arrays, the context) */
const OWN_MEMBERS = new Set(['length', 'push', 'event', 'meta', 'state', 'port', 'group', 'window', 'aggr', 'emit', 'deadline']);

export class VerifyError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(`generated code rejected: ${message} at ${pos}`);
    this.name = 'VerifyError';
  }
}

export function verify(source: string): void {
  let ast: acorn.Node;
  try {
    ast = acorn.parse(source, { ecmaVersion: 2022, sourceType: 'script', allowReturnOutsideFunction: true });
  } catch (e) {
    throw new VerifyError(`does not parse (${(e as Error).message})`, 0);
  }
  const fail = (n: acorn.Node, why: string): never => {
    throw new VerifyError(why, n.start);
  };
  walk.full(ast, (node) => {
    const n = node as any;
    if (!NODE_TYPES.has(n.type)) fail(n, `node type ${n.type} is not allowed`);
    switch (n.type) {
      case 'Identifier':
        if (!FIXED_NAMES.has(n.name) && !GENERATED.test(n.name) && !HELPER_NAMES.has(n.name)) fail(n, `identifier ${n.name} is not allowed`);
        break;
      case 'Literal':
        if (n.regex) fail(n, 'regular expression literals are not allowed');
        break;
      case 'MemberExpression': {
        const name = memberName(n);
        if (name === null) {
          if (!(n.property.type === 'Identifier' && GENERATED.test(n.property.name))) fail(n, 'computed member access with a non-literal');
        } else if (FORBIDDEN_MEMBERS.has(name)) {
          fail(n, `member ${name} is not allowed`);
        }
        if (n.object.type === 'Identifier' && n.object.name === 'H' && (name === null || !HELPER_NAMES.has(name))) fail(n, `unknown helper ${name}`);
        break;
      }
      case 'Property': {
        if (n.computed || n.kind !== 'init' || n.method || n.shorthand) fail(n, 'only plain object properties are allowed');
        const key = n.key.type === 'Identifier' ? n.key.name : n.key.type === 'Literal' ? String(n.key.value) : null;
        if (key === null || key === '__proto__') fail(n, `object key ${key} is not allowed`);
        break;
      }
      case 'CallExpression': {
        const cal = n.callee;
        const ok =
          (cal.type === 'Identifier' && (HELPER_NAMES.has(cal.name) || /^k[0-9]+$/.test(cal.name))) || (cal.type === 'MemberExpression' && !cal.computed && (cal.property.name === 'push' || cal.property.name === 'emit'));
        if (!ok) fail(n, 'call of something that is not a helper or a compiled function');
        break;
      }
      case 'FunctionExpression':
        if (n.async || n.generator) fail(n, 'async and generator functions are not allowed');
        break;
      case 'AssignmentExpression':
      case 'UpdateExpression': {
        const target = n.type === 'UpdateExpression' ? n.argument : n.left;
        const ok = target.type === 'Identifier' || (target.type === 'MemberExpression' && !target.computed && target.object.type === 'Identifier' && target.object.name === 'c' && OWN_MEMBERS.has(target.property.name));
        if (!ok) fail(n, 'assignment to something other than a generated variable or the context');
        break;
      }
      case 'UnaryExpression':
        if (n.operator === 'delete') fail(n, 'delete is not allowed');
        break;
      default:
        break;
    }
  });
}

function memberName(n: any): string | null {
  if (!n.computed) return n.property.name as string;
  if (n.property.type === 'Literal') return String(n.property.value);
  return null;
}

export { OWN_MEMBERS };
