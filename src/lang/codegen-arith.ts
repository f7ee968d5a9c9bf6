/**
 * Code for arithmetic and comparison: inline fast paths guarded by `typeof` checks, with the
 * runtime helpers (src/runtime/arith.ts) as the general case.
 */
import type * as I from './ir.js';
import type { Emitter } from './emitter.js';
import type { HelperName } from '../runtime/helpers.js';

/** the helper implementing each binary operator in general */
export const BIN_HELPER: Record<Exclude<I.Bin['op'], '==' | '!='>, HelperName> = {
  '+': 'add',
  '-': 'sub',
  '*': 'mul',
  '/': 'div',
  '%': 'mod',
  '&': 'band',
  '^': 'bxor',
  '<<': 'shl',
  '>>': 'shr',
  '>>>': 'ushr',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
};

/**
 * An arithmetic expression of several operators over literals and locals (`(a * 31 + b) %
 * 7`, with `&`, `^` and `>>` on 32-bit values too) is computed in one guarded block: if every leaf is a safe integer and every step stays
 * a safe integer, plain JavaScript arithmetic gives Tremor's result; otherwise the generic
 * code runs (the helpers, with their overflow errors and bigint or float results). The
 * leaves are read first, which is only equivalent because literals and locals cannot fail
 * in a way an operator's error would have to precede.
 */
export function speculate(g: Emitter, e: I.Bin): string | null {
  const ARITH = new Set(['+', '-', '*', '%', '&', '^', '>>']);
  const ops: I.Bin[] = [];
  const leaves: I.Expr[] = [];
  const walk = (x: I.Expr): boolean => {
    if (x.k === 'bin' && ARITH.has(x.op)) {
      if (!walk(x.l) || !walk(x.r)) return false;
      ops.push(x);
      return true;
    }
    if ((x.k === 'lit' && typeof x.value === 'number' && Number.isInteger(x.value)) || x.k === 'local') {
      leaves.push(x);
      return true;
    }
    return false;
  };
  if (!walk(e) || ops.length < 2) return null;
  const atoms = new Map<I.Expr, string>();
  for (const leaf of leaves) atoms.set(leaf, g.emit(leaf, true));
  const temps = new Map<I.Bin, string>(ops.map((o) => [o, g.tmp()]));
  const atom = (x: I.Expr) => (x.k === 'bin' ? temps.get(x)! : atoms.get(x)!);
  const locals = [...new Set(leaves.filter((l) => l.k === 'local').map((l) => atoms.get(l)!))];
  const guards = locals.map((a) => `typeof ${a} === "number" && ${g.h('isInt')}(${a})`);
  const steps = ops.map((o) => {
    const [t, l, r] = [temps.get(o)!, atom(o.l), atom(o.r)];
    // `+ 0` turns a -0 remainder into the integer 0
    if (o.op === '%') return `${r} !== 0 && (${t} = ${l} % ${r} + 0) === ${t}`;
    // bitwise operators are exact on 32-bit operands (sign extension commutes with them);
    // a shift only for a non-negative left side and a count below 32
    const i32 = (x: string) => `(${x} | 0) === ${x}`;
    if (o.op === '&' || o.op === '^') return `${i32(l)} && ${i32(r)} && (${t} = ${l} ${o.op} ${r}) === ${t}`;
    if (o.op === '>>') return `${i32(l)} && ${l} >= 0 && ${i32(r)} && ${r} >= 0 && ${r} < 32 && (${t} = ${l} >> ${r}) === ${t}`;
    return `${g.h('isSafe')}(${t} = ${l} ${o.op} ${r})`;
  });
  const result = g.tmp();
  g.p.line(`let ${[...temps.values(), result].join(', ')};`);
  g.p.nest(`if (${[...guards, ...steps].join(' && ')})`, () => g.p.line(`${result} = ${temps.get(e)};`), '} else {');
  // the generic code, on the leaves already read
  const isLit = (x: I.Expr) => x.k === 'lit';
  const generic = (x: I.Expr): string => (x.k === 'bin' ? binOp(g, x.op, generic(x.l), generic(x.r), g.site(x.span), isLit(x.l), isLit(x.r)) : atoms.get(x)!);
  const body = g.p.capture(() => g.p.line(`${result} = ${generic(e)};`));
  g.p.splice(body.map((b) => (typeof b === 'string' ? `  ${b}` : b)));
  g.p.line('}');
  return result;
}

/**
 * A binary operation on two atoms. The common cases get an inline fast path guarded by
 * `typeof` checks (two safe integers, two strings), falling back to the helper, which
 * implements every case; the type checks come first so that no user value ever reaches a
 * JavaScript operator that could call into it.
 */
export function binOp(g: Emitter, op: I.Bin['op'], l: string, r: string, site: number, lInt = false, rInt = false): string {
  // an integer literal needs no check
  const num = (x: string, known: boolean) => (known ? [] : [`typeof ${x} === "number"`]);
  const nums = [...num(l, lInt), ...num(r, rInt)].join(' && ') || 'true';
  const ints = [...(lInt ? [] : [`${g.h('isInt')}(${l})`]), ...(rInt ? [] : [`${g.h('isInt')}(${r})`])].join(' && ') || 'true';
  const int32 = (x: string) => `typeof ${x} === "number" && (${x} | 0) === ${x}`;
  switch (op) {
    case '==':
      return g.let(`${l} === ${r} || ((typeof ${l} !== "string" || typeof ${r} !== "string") && ${g.h('eq')}(${l}, ${r}))`);
    case '!=':
      return g.let(`${l} !== ${r} && ((typeof ${l} === "string" && typeof ${r} === "string") || !${g.h('eq')}(${l}, ${r}))`);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return g.let(`${nums} ? ${l} ${op} ${r} : ${g.h(BIN_HELPER[op])}(${l}, ${r}, ${site})`);
    case '+':
    case '-':
    case '*': {
      const t = g.tmp();
      g.p.line(`let ${t};`);
      g.p.line(`if (!(${nums} && ${g.h('isSafe')}(${t} = ${l} ${op} ${r}) && ${ints})) ${t} = ${g.h(BIN_HELPER[op])}(${l}, ${r}, ${site});`);
      return t;
    }
    case '%': {
      const t = g.tmp();
      g.p.line(`let ${t};`);
      g.p.line(`if (${nums} && ${ints} && ${r} !== 0) { ${t} = ${l} % ${r}; if (${t} === 0) ${t} = 0; } else ${t} = ${g.h('mod')}(${l}, ${r}, ${site});`);
      return t;
    }
    case '&':
    case '^':
      return g.let(`${int32(l)} && ${int32(r)} ? ${l} ${op} ${r} : ${g.h(BIN_HELPER[op])}(${l}, ${r}, ${site})`);
    case '>>':
      return g.let(`${int32(l)} && ${l} >= 0 && ${int32(r)} && ${r} >= 0 && ${r} < 32 ? ${l} >> ${r} : ${g.h('shr')}(${l}, ${r}, ${site})`);
    default:
      return g.let(`${g.h(BIN_HELPER[op])}(${l}, ${r}, ${site})`);
  }
}
