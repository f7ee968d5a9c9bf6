/**
 * `define window` -> WindowPlan (reference §6.4): exactly one of `size`, `interval` or a
 * `state` script; `max_groups` bounds the groups; window scripts may only change `state`.
 *
 * `on_max_groups` is ours: what a select does with a new group once `max_groups` are live.
 * `"ignore"` (the default) is Tremor's — the event fails and the group is not created;
 * `"evict"` flushes the least recently used group to make room (src/pipeline/groups.ts).
 */
import type * as A from '../ast.js';
import { fail } from '../../base/diagnostics.js';
import { Frame } from '../frame.js';
import type { Compilation } from '../session.js';
import type { ModuleScope } from '../scope.js';
import type { Span } from '../../base/source.js';
import type { Compiled, WindowPlan } from '../../pipeline/plan.js';
import { isInt, isRecord, toBig, type Value } from '../../runtime/value.js';
import { compileScriptBody } from '../unit.js';

const KEYS = new Set(['size', 'interval', 'max_groups', 'emit_empty_windows', 'slide', 'on_max_groups']);
const OVERFLOW = ['ignore', 'evict'];

/**
 * Checks a window definition where it is written (Tremor does): its settings and its
 * scripts, even if no select uses it.
 */
export function checkWindow(program: Compilation, def: { ast: A.DefineWindow; scope: ModuleScope }): void {
  const w = def.ast;
  for (const item of w.with) {
    if (!KEYS.has(item.name)) fail('C015', `Unknown window setting \`${item.name}\`, use one of: ${[...KEYS].join(', ')}`, item.span);
  }
  const has = (k: string) => w.with.some((i) => i.name === k);
  const given = [has('size'), has('interval'), w.state !== null].filter(Boolean).length;
  // Tremor's window implementation raises this while building the pipeline: a message with no position
  if (given !== 1) fail('C015', 'Bad window configuration, only one of `size`, `interval`, or `state` is allowed.');
  if (w.tickScript) windowScript(program, def.scope, w.tickScript.body, w.tickScript.span, w.span);
  if (w.script) windowScript(program, def.scope, w.script.body, w.script.span, w.span);
}

/** a window script: it runs per event (or tick), may only change `state`, returns its reply */
function windowScript(program: Compilation, scope: ModuleScope, body: A.ScriptStmt[], bodySpan: Span, definition: Span): { run: Compiled<Value>; site: number } {
  const frame = new Frame('window', {});
  // errors in the script (an assignment to `event` or `$`) show the whole definition
  frame.statement = definition;
  const { ir, fn: run } = compileScriptBody(program, body, scope.nested(), frame, bodySpan);
  // a bad reply is reported at the script's last expression
  const last = ir.k === 'seq' ? ir.exprs[ir.exprs.length - 1].span : ir.span;
  return { run: (c) => run(c) ?? null, site: program.sites.add(last) };
}

export function windowPlan(program: Compilation, scope: ModuleScope, names: string[], span: Span, args: Value): WindowPlan {
  const name = names[names.length - 1];
  let def: { ast: A.DefineWindow; scope: ModuleScope } | undefined;
  if (names.length === 1) def = scope.windows.get(name);
  else {
    const mod = scope.resolveModule(names.slice(0, -1));
    if (mod?.k === 'user') def = mod.scope.windows.get(name);
  }
  if (!def) return fail('C020', `Unknown window \`${names.join('::')}\``, span);
  const w = def.ast;
  const settings: Record<string, Value> = {};
  for (const item of w.with) {
    if (!KEYS.has(item.name)) fail('C015', `Unknown window setting \`${item.name}\`, use one of: ${[...KEYS].join(', ')}`, item.span);
    settings[item.name] = program.constant(def.scope, item.value, item.span, isRecord(args) ? args : {});
  }
  const size = settings.size;
  const interval = settings.interval;
  const given = [size !== undefined, interval !== undefined, w.state !== null].filter(Boolean).length;
  if (given !== 1) fail('C015', 'Bad window configuration, only one of `size`, `interval`, or `state` is allowed.');
  const positive = (v: Value | undefined, what: string): void => {
    if (v !== undefined && (!isInt(v) || toBig(v) <= 0n)) fail('C015', `Bad window configuration: \`${what}\` must be a positive integer`);
  };
  positive(size, 'size');
  positive(interval, 'interval');
  positive(settings.max_groups, 'max_groups');
  positive(settings.slide, 'slide');
  const overflow = settings.on_max_groups ?? 'ignore';
  if (overflow !== 'ignore' && overflow !== 'evict') {
    fail('C015', `Bad window configuration: \`on_max_groups\` must be one of ${OVERFLOW.map((o) => `"${o}"`).join(', ')}`, w.span);
  }
  let slide: bigint | null = null;
  if (w.sliding) {
    if (w.state !== null) fail('C015', 'A sliding window is sized by `size` or `interval`, not by a `state` script', w.span);
    if (interval !== undefined && settings.slide === undefined) fail('C015', 'A sliding time window needs a `slide` (nanoseconds between emissions)', w.span);
    slide = settings.slide === undefined ? 1n : toBig(settings.slide as number);
    const extent = interval !== undefined ? toBig(interval as number) : toBig(size as number);
    if (extent % slide !== 0n) fail('C015', `Bad window configuration: \`${interval !== undefined ? 'interval' : 'size'}\` must be a multiple of \`slide\``, w.span);
  } else if (settings.slide !== undefined) {
    fail('C015', '`slide` only applies to sliding windows (`from sliding`)', w.span);
  }

  const script = w.script ? windowScript(program, def.scope, w.script.body, w.script.span, w.span) : null;
  const tick = w.tickScript ? windowScript(program, def.scope, w.tickScript.body, w.tickScript.span, w.span) : null;

  return {
    name,
    kind: w.sliding ? 'sliding' : 'tumbling',
    size: size === undefined ? null : Number(size),
    interval: interval === undefined ? null : toBig(interval as number),
    slide,
    maxGroups: settings.max_groups === undefined ? Infinity : Number(settings.max_groups),
    overflow,
    script: script?.run ?? null,
    scriptSite: script?.site ?? -1,
    tick: tick?.run ?? null,
    state: w.state ? program.constant(def.scope, w.state, w.span, {}) : undefined,
    emitEmpty: settings.emit_empty_windows === true,
  };
}
