/**
 * The shapes of generated units: a script body, a user function, a fused select, and the
 * clause functions of a windowed or grouped select. Each shape is the wrapper around a body
 * that CodeGen (src/lang/codegen.ts) emits: the factory returns `function (c)` (or
 * `function (c, cs, …params)` for a user function) with the context's fields as locals.
 */
import * as I from './ir.js';
import { CodeGen } from './codegen.js';
import { Printer } from './printer.js';
import { BUDGET_TICKS, spend } from '../runtime/budget.js';
import type { Generated, SiteTable } from './sites.js';

export type UnitShape =
  /** a script body: returns the result, or undefined after `drop` */
  | { k: 'script'; body: I.Expr; slots: number }
  /** a user function */
  | { k: 'fn'; name: string; body: I.Expr; params: number; variadic: boolean; slots: number; recurs: boolean }
  /** a select without windows or grouping: where, target and having in one pass */
  | { k: 'select'; where: I.Expr | null; target: I.Expr; having: I.Expr | null; slots: number }
  /** a single expression evaluated against a context */
  | { k: 'expression'; e: I.Expr; slots: number }
  /** a condition (where, having) returning a checked bool */
  | { k: 'condition'; e: I.Expr; slots: number }
  /** the group keys of `group by`: an array of key tuples */
  | { k: 'groups'; groups: I.GroupIR; slots: number };

/** IR -> the JavaScript source of one unit */
export function generate(sites: SiteTable, u: UnitShape): Generated {
  const g = new CodeGen(sites);
  switch (u.k) {
    case 'script':
      return script(g, u.body, u.slots);
    case 'fn':
      return fn(g, u);
    case 'select':
      return clause(g, 'select', 'null', u.slots, () => fusedSelect(g, u.where, u.target, u.having));
    case 'expression':
      return clause(g, 'expr', 'c.state', u.slots, () => g.p.line(`return ${g.emit(u.e)};`));
    case 'condition':
      return clause(g, 'expr', 'null', u.slots, () => g.p.line(`return ${g.h('truth')}(${g.emit(u.e, true)}, ${g.site(u.e.span)});`));
    case 'groups':
      return clause(g, 'expr', 'null', u.slots, () => g.p.line(`return ${groupKeys(g, u.groups)};`));
    default:
      return I.unreachable(u);
  }
}

function locals(slots: number, from = 0): string | null {
  return slots > from ? `let ${Array.from({ length: slots - from }, (_, i) => `l${i + from}`).join(', ')};` : null;
}

function script(g: CodeGen, body: I.Expr, slots: number): Generated {
  g.bodyLabel = g.label();
  const fnBody = g.p.capture(() => {
    g.p.nest(`${g.bodyLabel}:`, () => {
      g.baseDepth = g.p.depth;
      g.p.line(`r = ${g.emit(body)};`);
    });
  });
  const out = new Printer();
  out.nest(
    'return function script(c)',
    () => {
      out.line('let event = c.event, meta = c.meta, state = c.state, r;');
      startBudget(g, out);
      const ls = locals(slots);
      if (ls) out.line(ls);
      out.splice(fnBody);
      // only what the script assigned is written back (the caller set c.port to "out")
      const back = [...g.assigned].map((x) => `c.${x} = ${x};`).join(' ');
      if (back) out.line(back);
      out.line('return r;');
    },
    '};',
  );
  return g.finish(out);
}

/** a user function: `function (c, cs, …params)`; `recur` loops back to the top */
function fn(g: CodeGen, u: Extract<UnitShape, { k: 'fn' }>): Generated {
  const { params, variadic, slots, recurs } = u;
  g.params = Array.from({ length: params }, (_, i) => i);
  g.locals = Array.from({ length: slots }, (_, i) => i);
  const ps = g.params.map((i) => `, l${i}`).join('') + (variadic ? `, ...l${params}` : '');
  if (recurs) g.recurLabel = g.label();
  const fnBody = g.p.capture(() => {
    g.baseDepth = g.p.depth;
    const v = g.emit(u.body);
    g.p.line(`return ${v};`);
  });
  const out = new Printer();
  out.nest(
    `return function ${safeName(u.name)}(c, cs${ps})`,
    () => {
      const extra = locals(slots, params + (variadic ? 1 : 0));
      if (extra) out.line(extra);
      startBudget(g, out, false);
      if (recurs) {
        out.line('let n = 0;');
        out.nest(`${g.recurLabel}: for (;;)`, () => {
          out.line(`if (++n > 1024) ${g.h('recursionLimit')}(cs);`);
          out.splice(fnBody);
        });
      } else {
        out.splice(fnBody);
      }
    },
    '};',
  );
  return g.finish(out);
}

/** a select clause function: `function (c)` over the event, meta and (for targets) state */
function clause(g: CodeGen, name: string, state: string, slots: number, body: () => void): Generated {
  const fnBody = g.p.capture(body);
  const out = new Printer();
  out.nest(
    `return function ${name}(c)`,
    () => {
      out.line(`let event = c.event, meta = c.meta, state = ${state};`);
      startBudget(g, out);
      const ls = locals(slots);
      if (ls) out.line(ls);
      out.splice(fnBody);
    },
    '};',
  );
  return g.finish(out);
}

/** where, target and having in one pass: the new payload, or undefined when filtered out */
function fusedSelect(g: CodeGen, where: I.Expr | null, target: I.Expr, having: I.Expr | null): void {
  if (where) {
    const w = g.emit(where, true);
    g.p.line(`if (!${g.h('truth')}(${w}, ${g.site(where.span)})) return undefined;`);
  }
  const v = g.emit(target);
  if (having) {
    g.p.line(`event = ${v};`);
    const h = g.emit(having, true);
    g.p.line(`if (!${g.h('truth')}(${h}, ${g.site(having.span)})) return undefined;`);
  }
  g.p.line(`return ${v};`);
}

function groupKeys(g: CodeGen, x: I.GroupIR): string {
  switch (x.k) {
    case 'expr':
      return g.let(`${g.h('groupOne')}(${g.emit(x.expr)})`);
    case 'each':
      return g.let(`${g.h('groupEach')}(${g.emit(x.expr)}, ${g.site(x.expr.span)})`);
    case 'set':
      return g.let(`${g.h('groupSet')}([${x.items.map((i) => groupKeys(g, i)).join(', ')}])`);
    default:
      return I.unreachable(x);
  }
}

/**
 * A unit with a loop declares its step counter `b`; an evaluation (a script or select clause,
 * not a function it calls) also starts its time budget afresh (src/runtime/budget.ts).
 */
function startBudget(g: CodeGen, out: Printer, evaluation = true): void {
  if (!g.consts.includes(spend)) return;
  out.line(`let b = ${BUDGET_TICKS};${evaluation ? ' c.deadline = 0;' : ''}`);
}

function safeName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !['constructor', 'prototype'].includes(name) ? `fn_${name}` : 'fn';
}
