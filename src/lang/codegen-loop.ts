/**
 * Code for `for` comprehensions (reference §5.5): a loop over an array's elements or a
 * record's keys, each item matched against the cases, the result folded into the
 * accumulator (`into … use op`) or collected into an array.
 */
import type * as I from './ir.js';
import type { Emitter } from './emitter.js';
import type { Span } from '../base/source.js';
import { jsString } from './jsnames.js';
import { BIN_HELPER, binOp } from './codegen-arith.js';
import { containsNode } from './contains.js';
import { spend } from '../runtime/budget.js';

/**
 * The per-event time budget (src/runtime/budget.ts) charged for `steps` steps: the unit's
 * local counter `b` (declared by src/lang/codegen-units.ts) goes down, and only when it is
 * spent does `spend` read the clock. A `for` is charged its whole length when it starts, not
 * per iteration, so a tight loop's body stays as it was (per-iteration counting cost up to 30 %
 * on a fold, perf/benches/script-ops.mjs); nested loops are charged each time they start, and
 * a `recur` one step each time. `site` is where the error points when the budget is spent.
 */
export function budgetStep(g: Pick<Emitter, 'k'>, site: number, steps = '1'): string {
  return steps === '1' ? `if (--b < 0) b = ${g.k(spend)}(c, ${site});` : `if ((b -= ${steps}) < 0) b = ${g.k(spend)}(c, ${site});`;
}

export function forLoop(g: Emitter, e: I.ForE): string {
  const emitted = g.emit(e.target, true);
  // a number literal as the target (`for 1 of …`): `1.length` would not parse
  const target = /^[0-9]/.test(emitted) ? `(${emitted})` : emitted;
  const acc = g.tmp();
  const op = e.op?.op ?? '+';
  if (e.into) g.p.line(`let ${acc} = ${g.h('foldInit')}(${g.emit(e.into, true)});`);
  else g.p.line(`const ${acc} = [];`);
  // an integer fold with + - *: a flag says the accumulator is still a safe integer, so each
  // step checks only the new value
  const intAcc = e.into?.k === 'lit' && typeof e.into.value === 'number' && Number.isInteger(e.into.value) && INT_FOLD_OPS.has(op) ? g.tmp() : null;
  if (intAcc) g.p.line(`let ${intAcc} = true;`);
  const item = (k: string, v: string, loop: string) => {
    const done = g.label();
    g.p.nest(`${done}:`, () => {
      for (const c of e.cases) {
        const next = g.label();
        g.p.nest(`${next}:`, () => {
          g.p.line(`${g.local(c.key)} = ${k}; ${g.local(c.value)} = ${v};`);
          if (c.guard) {
            const ok = g.emit(c.guard, true);
            g.p.line(`if (!${g.h('truth')}(${ok}, ${g.site(c.guard.span, { context: e.span })})) break ${next};`);
          }
          foldInto(g, e, c.body, acc, op, loop, intAcc);
          g.p.line(`break ${done};`);
        });
      }
    });
  };
  const i = g.tmp();
  const site = g.site(e.span);
  if (!e.cases.some((c) => containsFor(c.body) || (c.guard !== null && containsFor(c.guard)))) {
    // arrays and records get a loop each: indexing stays monomorphic (the body is small
    // enough to be written twice)
    const arrLoop = g.label();
    g.p.line(`if (${g.h('isArray')}(${target})) ${budgetStep(g, site, `${target}.length`)}`);
    g.p.nest(
      `if (${g.h('isArray')}(${target})) ${arrLoop}: for (let ${i} = 0; ${i} < ${target}.length; ${i}++)`,
      () => {
        const v = g.let(`${target}[${i}]`);
        item(i, v, arrLoop);
      },
      '}',
    );
    const keys = g.tmp();
    const j = g.tmp();
    const recLoop = g.label();
    g.p.nest(`else if (${g.h('isRecord')}(${target}))`, () => {
      g.p.line(`const ${keys} = ${g.h('recKeys')}(${target});`);
      g.p.line(budgetStep(g, site, `${keys}.length`));
      g.p.nest(`${recLoop}: for (let ${j} = 0; ${j} < ${keys}.length; ${j}++)`, () => {
        const k = g.let(`${keys}[${j}]`);
        const v = g.let(`${target}[${k}]`);
        item(k, v, recLoop);
      });
    });
    return acc;
  }
  const keys = g.let(`${g.h('isArray')}(${target}) ? null : ${g.h('isRecord')}(${target}) ? ${g.h('recKeys')}(${target}) : []`);
  const n = g.let(`${keys} === null ? ${target}.length : ${keys}.length`);
  const loop = g.label();
  g.p.line(budgetStep(g, site, n));
  g.p.nest(`${loop}: for (let ${i} = 0; ${i} < ${n}; ${i}++)`, () => {
    const k = g.let(`${keys} === null ? ${i} : ${keys}[${i}]`);
    const v = g.let(`${target}[${k}]`);
    item(k, v, loop);
  });
  return acc;
}

/**
 * One step of a comprehension. With a literal initial value the fold's kind is known at
 * compile time: numbers use the inline arithmetic, an array pushes, and a record literal
 * body is written into the accumulator field by field instead of being built and copied.
 * Anything else goes through `foldStep`, which checks the kinds at run time.
 */
function foldInto(g: Emitter, e: I.ForE, body: I.Expr, acc: string, op: string, loop: string, intAcc: string | null): void {
  // a failing step shows the whole comprehension, the step's body underlined
  const site = g.site(bodySpan(body), { context: e.span });
  const init = e.into?.k === 'lit' ? e.into.value : undefined;
  if (!e.into) {
    g.p.line(`${acc}.push(${g.emit(body)});`);
    return;
  }
  if (intAcc) {
    const v = g.emit(body, true);
    const t = g.tmp();
    g.p.line(`let ${t};`);
    g.p.line(
      `if (${intAcc} && typeof ${v} === "number" && ${g.h('isInt')}(${v}) && ${g.h('isSafe')}(${t} = ${acc} ${op} ${v})) ${acc} = ${t};` +
        ` else { ${acc} = ${g.h(BIN_HELPER[op as '+' | '-' | '*'])}(${acc}, ${v}, ${site}); ${intAcc} = typeof ${acc} === "number" && ${g.h('isInt')}(${acc}); }`,
    );
    return;
  }
  if (typeof init === 'number' && op in BIN_HELPER) {
    const v = g.emit(body, true);
    g.p.line(`${acc} = ${binOp(g, op as I.Bin['op'], acc, v, site)};`);
    return;
  }
  if (Array.isArray(init) && op === '+') {
    g.p.line(`${acc}.push(${g.emit(body)});`);
    return;
  }
  const last = body.k === 'seq' ? body.exprs[body.exprs.length - 1] : body;
  if (init !== undefined && typeof init === 'object' && init !== null && !Array.isArray(init) && op === '+' && last.k === 'record') {
    if (body.k === 'seq') for (const x of body.exprs.slice(0, -1)) g.emit(x);
    for (const f of last.fields) {
      const k = g.emit(f.key, true);
      g.p.line(`${g.h('setKey')}(${acc}, ${k}, ${g.emit(f.value)});`);
    }
    return;
  }
  g.p.line(`${acc} = ${g.h('foldStep')}(${acc}, ${g.emit(body)}, ${jsString(op)}, ${site});`);
  if (op === 'and' || op === 'or') g.p.line(`if (${g.h('foldDone')}(${acc}, ${jsString(op)})) break ${loop};`);
}

/** the fold operators with an integer fast path (the accumulator stays a safe integer) */
const INT_FOLD_OPS = new Set(['+', '-', '*']);

function bodySpan(e: I.Expr): Span {
  return e.k === 'seq' ? e.exprs[e.exprs.length - 1].span : e.span;
}

/** does an expression contain a `for` (whose code would be duplicated by loop splitting)? */
function containsFor(e: I.Expr): boolean {
  return containsNode(e, (o) => o.k === 'for', NOT_IR);
}

/** fields that hold spans or runtime values (functions, extractors, literal values), not IR */
const NOT_IR: ReadonlySet<string> = new Set(['span', 'fn', 'ex', 'value']);
