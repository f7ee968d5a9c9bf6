/**
 * IR -> JavaScript source.
 *
 * Code is generated in three-address style: every IR node that computes something is written
 * as a statement `const tN = …;` and `emit` returns the *atom* (a temp, a local, a literal or
 * a constant) that holds its value. Evaluation order is therefore exactly Tremor's left to
 * right order, errors happen where Tremor raises them, and `match`, `for` and short-circuit
 * operators become plain `if` blocks and loops instead of closures.
 *
 * Generated code only calls helpers by name (src/runtime/helpers.ts) and reads constants it
 * cannot spell as literals from `K` (records, arrays, binaries, std functions, compiled user
 * functions). Every helper that can fail gets a *site* number; src/lang/compile.ts maps it
 * back to a source span. Names: `tN` temps, `lN` locals, `kN` constants, `LN` labels, `c`
 * the evaluation context, `cs` the call site of a user function.
 *
 * This file emits expressions; patterns, loops, arithmetic and `patch` have files of their
 * own (codegen-*.ts, written against the Emitter interface of src/lang/emitter.ts), and the
 * wrappers of whole units are src/lang/codegen-units.ts.
 */
import * as I from './ir.js';
import { Printer } from './printer.js';
import { PatternGen } from './codegen-pattern.js';
import { binOp, speculate } from './codegen-arith.js';
import { budgetStep, forLoop } from './codegen-loop.js';
import { specializeCall } from './codegen-specialize.js';
import { patch } from './codegen-patch.js';
import type { Emitter } from './emitter.js';
import type { Generated, SiteLayout, SiteTable } from './sites.js';
import type { Span } from '../base/source.js';
import { FloatBox, type Value } from '../runtime/value.js';
import type { HelperName } from '../runtime/helpers.js';
import { isSafeKey, jsKeyAccess, jsString } from './jsnames.js';

/** a function call's runtime errors (bad type, runtime error, recursion limit) show two lines either side */
const CALL_LAYOUT: SiteLayout = { contextLines: 2 };

export class CodeGen implements Emitter {
  readonly p = new Printer();
  readonly consts: unknown[] = [];
  private readonly helpersUsed = new Set<string>();
  /** the code may write into a value in place (see SiteTable.writesInPlace) */
  private writesInPlace = false;
  private readonly constIndex = new Map<unknown, number>();
  readonly patterns = new PatternGen(this);
  /** label of the script body, target of `emit` / `drop` */
  bodyLabel: string | null = null;
  /** set when emit or drop was generated */
  exits = false;
  /** in a function: the recur loop label, and which locals are parameters */
  recurLabel: string | null = null;
  params: number[] = [];
  locals: number[] = [];
  /**
   * Locals assigned in the straight-line part of the body (not inside a branch or loop):
   * every later read sees them set, so their missing-local check is left out.
   */
  private readonly definite = new Set<number>();
  /** the printer depth of the straight-line part of the body */
  baseDepth = -1;
  /** which of event, meta and state the unit assigns */
  readonly assigned = new Set<'event' | 'meta' | 'state'>();

  constructor(
    /** call sites of the whole program, shared by every unit it generates */
    readonly sites: SiteTable,
  ) {}

  // ------------------------------------------------------------------------ names

  /** a call site; `layout` widens the lines its errors show (see SiteLayout) */
  site(span: Span, layout?: SiteLayout): number {
    return this.sites.add(span, layout);
  }

  h(name: HelperName): string {
    this.helpersUsed.add(name);
    return name;
  }

  k(value: unknown): string {
    let i = this.constIndex.get(value);
    if (i === undefined) {
      i = this.consts.push(value) - 1;
      this.constIndex.set(value, i);
    }
    return `k${i}`;
  }

  tmp(): string {
    return this.p.fresh('t');
  }

  label(): string {
    return this.p.fresh('L');
  }

  local(slot: number): string {
    return `l${slot}`;
  }

  /** `const tN = expr;` */
  let(expr: string): string {
    const t = this.tmp();
    this.p.line(`const ${t} = ${expr};`);
    return t;
  }

  /** the factory prologue: helpers and constants used, as local names */
  prologue(): string {
    const lines: string[] = ['"use strict";'];
    for (const h of [...this.helpersUsed].sort()) lines.push(`const ${h} = H.${h};`);
    this.consts.forEach((_, i) => lines.push(`const k${i} = K[${i}];`));
    return lines.join('\n') + '\n';
  }

  // ------------------------------------------------------------------------ literals

  /** a value as a JS expression; `ro` when the consumer never keeps or changes it */
  literal(v: Value, ro: boolean): string {
    switch (typeof v) {
      case 'string':
        return jsString(v);
      case 'boolean':
        return v ? 'true' : 'false';
      case 'number':
        if (Number.isInteger(v)) return v < 0 ? `(${v})` : String(v);
        return Number.isFinite(v) ? (v < 0 ? `(${v})` : String(v)) : this.k(v);
      case 'bigint':
        return v < 0n ? `(${v}n)` : `${v}n`;
      default:
        if (v === null) return 'null';
        if (v instanceof FloatBox) return this.k(v);
        return ro ? this.k(v) : `${this.h('clone')}(${this.k(v)})`;
    }
  }

  // ------------------------------------------------------------------------ expressions

  /** emits `e` and returns the atom holding its value */
  emit(e: I.Expr, ro = false): string {
    switch (e.k) {
      case 'lit':
        return this.literal(e.value, ro);
      case 'str':
        return this.let(e.parts.map((x) => (x.k === 'lit' && typeof x.value === 'string' ? jsString(x.value) : `${this.h('toStr')}(${this.emit(x, true)})`)).join(' + '));
      case 'record':
        return this.record(e);
      case 'array':
        return this.let(`[${e.items.map((x) => this.emit(x)).join(', ')}]`);
      case 'bin':
        return this.bin(e);
      case 'logic':
        return this.logic(e);
      case 'un': {
        const v = this.emit(e.e, true);
        const f = e.op === '-' ? 'neg' : e.op === '+' ? 'plus' : e.op === 'not' ? 'not' : 'bitNot';
        return this.let(`${this.h(f)}(${v}, ${this.site(e.op === '-' ? e.span : e.eSpan)})`);
      }
      case 'root':
        if (e.root === 'args') return 'null'; // only while checking a definition whose args are not known yet
        return e.root === 'group' || e.root === 'window' ? this.let(`c.${e.root}`) : e.root;
      case 'local': {
        const l = this.local(e.slot);
        if (!e.bound && !this.definite.has(e.slot)) this.p.line(`if (${l} === undefined) ${this.h('missingLocal')}(${jsString(e.name)}, ${this.site(e.span)});`);
        return l;
      }
      case 'get':
        return this.get(e);
      case 'index': {
        const b = this.emit(e.base, true);
        const i = this.emit(e.index, true);
        return this.let(`${this.h('index')}(${b}, ${i}, ${jsString(e.what)}, ${this.site(e.span)})`);
      }
      case 'slice': {
        const b = this.emit(e.base, true);
        const s = this.emit(e.start, true);
        const t = this.emit(e.end, true);
        return this.let(`${this.h('slice')}(${b}, ${s}, ${t}, ${this.site(e.span)}, ${this.site(e.start.span)}, ${this.site(e.end.span)})`);
      }
      case 'present':
        return this.present(e);
      case 'call':
        return this.call(e);
      case 'ucall': {
        const args = e.args.map((a) => this.emit(a));
        return this.let(`${this.k(e.fn.call)}(c, ${this.site(e.span, CALL_LAYOUT)}${args.map((a) => `, ${a}`).join('')})`);
      }
      case 'recur':
        return this.recur(e);
      case 'match':
        return this.match(e);
      case 'for':
        return forLoop(this, e);
      case 'patch':
        return patch(this, e);
      case 'merge': {
        const t = this.emit(e.target, true);
        const s = this.emit(e.spec, true);
        return this.let(`${this.h('merge')}(${t}, ${s}, ${this.site(e.target.span)}, ${this.site(e.spec.span)})`);
      }
      case 'bytes': {
        const parts = e.parts.flatMap((x) => [this.emit(x.value, true), String(x.bits ?? 0), jsString(x.type === 'binary' ? 'binary' : x.type)]);
        return this.let(`${this.h('bytes')}([${parts.join(', ')}], ${this.site(e.span)})`);
      }
      case 'let':
        return this.assign(e);
      case 'emit':
        return this.exit(e);
      case 'drop':
        this.exits = true;
        this.p.line(`c.port = null;`);
        this.p.line(`break ${this.bodyLabel};`);
        return 'null';
      case 'seq': {
        let last = 'null';
        for (const x of e.exprs) last = this.emit(x, ro);
        return last;
      }
      case 'aggr':
        return this.let(`c.aggr[${e.index}].emit()`);
      default:
        return I.unreachable(e);
    }
  }

  private record(e: I.RecordE): string {
    const keys = e.fields.map((f) => (f.key.k === 'lit' && typeof f.key.value === 'string' ? f.key.value : null));
    const values: string[] = [];
    const dynKeys: string[] = [];
    e.fields.forEach((f, i) => {
      if (keys[i] === null) dynKeys[i] = this.emit(f.key, true);
      values.push(this.emit(f.value));
    });
    if (keys.every((k) => k !== null && k !== '__proto__')) {
      return this.let(`{${keys.map((k, i) => `${jsString(k!)}: ${values[i]}`).join(', ')}}`);
    }
    const r = this.let('{}');
    e.fields.forEach((_, i) => this.p.line(`${this.h('setKey')}(${r}, ${keys[i] === null ? dynKeys[i] : jsString(keys[i]!)}, ${values[i]});`));
    return r;
  }

  private bin(e: I.Bin): string {
    const spec = speculate(this, e);
    if (spec !== null) return spec;
    const l = this.emit(e.l, true);
    const r = this.emit(e.r, true);
    const intLit = (x: I.Expr) => x.k === 'lit' && typeof x.value === 'number' && Number.isInteger(x.value);
    return binOp(this, e.op, l, r, this.site(e.span), intLit(e.l), intLit(e.r));
  }

  private logic(e: I.Logic): string {
    const l = this.emit(e.l, true);
    const site = this.site(e.lSpan);
    if (e.op === 'xor') {
      const lb = this.let(`${this.h('xorLeft')}(${l}, ${site})`);
      const r = this.emit(e.r, true);
      return this.let(`${this.h('xorRight')}(${lb}, ${r}, ${this.site(e.rSpan)})`);
    }
    const t = this.tmp();
    this.p.line(`let ${t};`);
    const go = e.op === 'and' ? 'true' : 'false';
    this.p.nest(
      `if (${l} === ${go})`,
      () => {
        const r = this.emit(e.r, true);
        this.p.line(`${t} = ${this.h('logicRight')}(${jsString(e.op)}, ${go}, ${r}, ${this.site(e.rSpan)});`);
      },
      `} else ${t} = ${this.h(e.op === 'and' ? 'andLeft' : 'orLeft')}(${l}, ${site});`,
    );
    return t;
  }

  private get(e: I.Get): string {
    const b = this.emit(e.base, true);
    if (!isSafeKey(e.key)) return this.let(`${this.h('getKey')}(${b}, ${jsString(e.key)}, ${jsString(e.what)}, ${this.site(e.span)})`);
    const t = this.let(`${b} === null ? undefined : ${b}${jsKeyAccess(e.key)}`);
    this.p.line(`if (${t} === undefined) ${this.h('keyErr')}(${b}, ${jsString(e.key)}, ${jsString(e.what)}, ${this.site(e.span)});`);
    return t;
  }

  private present(e: I.Present): string {
    const base = e.base.k === 'local' ? this.local(e.base.slot) : this.emit(e.base, true);
    const segs = e.segs.map((s) => (s.k === 'key' ? jsString(s.key) : s.k === 'index' ? this.emit(s.index, true) : `${this.h('sliceSeg')}(${this.emit(s.start, true)}, ${this.emit(s.end, true)})`));
    const test = `${this.h('present')}(${base}, [${segs.join(', ')}], ${this.site(e.span)})`;
    return this.let(e.absent ? `!${test}` : test);
  }

  private call(e: I.Call): string {
    // a constant first argument the function compiles once (a `re::` pattern)
    const special = specializeCall(e);
    const args = (special ? e.args.slice(1) : e.args).map((a) => this.emit(a, true));
    if (e.fn.ctx) args.unshift('c');
    const f = this.k(special ?? e.fn.impl);
    const site = this.site(e.span, CALL_LAYOUT);
    if (args.length <= 3) return this.let(`${this.h(`fc${args.length}` as HelperName)}(${f}, ${[...args, site].join(', ')})`);
    return this.let(`${this.h('fcn')}(${f}, [${args.join(', ')}], ${site})`);
  }

  private recur(e: I.RecurE): string {
    const args = e.args.map((a) => this.emit(a));
    this.params.forEach((slot, i) => this.p.line(`${this.local(slot)} = ${args[i]};`));
    this.p.line(budgetStep(this, this.site(e.span)));
    for (const slot of this.locals) if (!this.params.includes(slot)) this.p.line(`${this.local(slot)} = undefined;`);
    this.p.line(`continue ${this.recurLabel};`);
    return 'null';
  }

  // ------------------------------------------------------------------------ match

  private match(e: I.MatchE): string {
    const subject = this.emit(e.target, true);
    const result = this.tmp();
    const done = this.label();
    this.p.line(`let ${result};`);
    this.p.nest(`${done}:`, () => {
      for (const c of e.cases) {
        const next = this.label();
        this.p.nest(`${next}:`, () => {
          this.patterns.test(c.pattern, subject, next, false);
          if (c.guard) {
            const g = this.emit(c.guard, true);
            this.p.line(`if (!${this.h('truth')}(${g}, ${this.site(c.guard.span, { context: e.span })})) break ${next};`);
          }
          this.p.line(`${result} = ${this.emit(c.body)};`);
          this.p.line(`break ${done};`);
        });
      }
      this.p.line(`${this.h('noMatch')}(${this.site(e.span)});`);
    });
    return result;
  }

  // ------------------------------------------------------------------------ let, emit

  private assign(e: I.LetE): string {
    const t = e.target;
    // A write that can reach into a payload in place: any path below a local or the event
    // (either may be the payload itself), a path more than one key below `$` (`$x` may hold
    // the payload), and `let $ = …` (then `$` may be the payload, and `let $x` writes into
    // it). `let $x = …` alone only changes the metadata record; state is always a copy.
    if ((t.k === 'local' || t.k === 'event') && t.segs.length > 0) this.writesInPlace = true;
    if (t.k === 'meta' && t.segs.length !== 1) this.writesInPlace = true;
    const segs = t.segs.map((s) => this.emit(s, true));
    let v = this.emit(e.value);
    const site = this.site(e.span);
    const path = (root: string) => (segs.length === 1 ? `${this.h('assignKey')}(${root}, ${segs[0]}, ${v}, ${site})` : segs.length ? `${this.h('assignPath')}(${root}, [${segs.join(', ')}], ${v}, ${site})` : v);
    switch (t.k) {
      case 'local':
        this.p.line(`${this.local(t.slot)} = ${path(this.local(t.slot))};`);
        if (this.p.depth === this.baseDepth) this.definite.add(t.slot);
        break;
      case 'event':
        this.assigned.add('event');
        this.p.line(`event = ${path('event')};`);
        break;
      case 'meta':
        this.assigned.add('meta');
        this.p.line(`meta = ${path('meta')};`);
        break;
      case 'state':
        this.assigned.add('state');
        v = this.let(`${this.h('stateCopy')}(${v})`);
        this.p.line(`state = ${path('state')};`);
        break;
      case 'invalid':
        this.p.line(`${this.h('invalidAssign')}(${this.site(t.span)});`);
        break;
      default:
        return I.unreachable(t);
    }
    return v;
  }

  private exit(e: I.EmitE): string {
    const v = this.emit(e.value);
    const port = e.port ? `${this.h('emitPort')}(${this.emit(e.port, true)}, ${this.site(e.port.span)})` : '"out"';
    this.exits = true;
    this.p.line(`r = ${v}; c.port = ${port};`);
    this.p.line(`break ${this.bodyLabel};`);
    return 'null';
  }

  /** the unit's source: the prologue, then the factory's `return function …` */
  finish(out: Printer): Generated {
    return { source: this.prologue() + out.toString(), consts: this.consts, writesInPlace: this.writesInPlace };
  }
}
