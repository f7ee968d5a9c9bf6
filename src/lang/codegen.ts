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
 */
import * as I from './ir.js';
import { Printer } from './printer.js';
import { PatternGen } from './codegen-pattern.js';
import type { Span } from '../base/source.js';
import { FloatBox, type Value } from '../runtime/value.js';
import type { HelperName } from '../runtime/helpers.js';
import { isSafeKey, jsKeyAccess, jsString } from './jsnames.js';

export type GroupIR = { k: 'expr'; expr: I.Expr } | { k: 'each'; expr: I.Expr } | { k: 'set'; items: GroupIR[] };

export interface Generated {
  source: string;
  consts: unknown[];
}

/** Spans of the call sites that can raise an error, numbered across a whole program. */
export class SiteTable {
  private readonly spans: Span[] = [];

  add(span: Span): number {
    return this.spans.push(span) - 1;
  }

  get(site: number): Span | undefined {
    return site >= 0 ? this.spans[site] : undefined;
  }
}

export class CodeGen {
  readonly p = new Printer();
  readonly consts: unknown[] = [];
  private readonly helpersUsed = new Set<string>();
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
  private baseDepth = -1;
  /** which of event, meta and state the unit assigns */
  private readonly assigned = new Set<'event' | 'meta' | 'state'>();

  constructor(
    /** call sites of the whole program, shared by every unit it generates */
    readonly sites: SiteTable,
  ) {}

  // ------------------------------------------------------------------------ names

  site(span: Span): number {
    return this.sites.add(span);
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
        return this.let(`${this.k(e.fn.call)}(c, ${this.site(e.span)}${args.map((a) => `, ${a}`).join('')})`);
      }
      case 'recur':
        return this.recur(e);
      case 'match':
        return this.match(e);
      case 'for':
        return this.forLoop(e);
      case 'patch':
        return this.patch(e);
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
    const spec = this.speculate(e);
    if (spec !== null) return spec;
    const l = this.emit(e.l, true);
    const r = this.emit(e.r, true);
    const intLit = (x: I.Expr) => x.k === 'lit' && typeof x.value === 'number' && Number.isInteger(x.value);
    return this.binOp(e.op, l, r, this.site(e.span), intLit(e.l), intLit(e.r));
  }

  /**
   * An arithmetic expression of several operators over literals and locals (`(a * 31 + b) %
   * 7`, with `&`, `^` and `>>` on 32-bit values too) is computed in one guarded block: if every leaf is a safe integer and every step stays
   * a safe integer, plain JavaScript arithmetic gives Tremor's result; otherwise the generic
   * code runs (the helpers, with their overflow errors and bigint or float results). The
   * leaves are read first, which is only equivalent because literals and locals cannot fail
   * in a way an operator's error would have to precede.
   */
  private speculate(e: I.Bin): string | null {
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
    for (const leaf of leaves) atoms.set(leaf, this.emit(leaf, true));
    const temps = new Map<I.Bin, string>(ops.map((o) => [o, this.tmp()]));
    const atom = (x: I.Expr) => (x.k === 'bin' ? temps.get(x)! : atoms.get(x)!);
    const locals = [...new Set(leaves.filter((l) => l.k === 'local').map((l) => atoms.get(l)!))];
    const guards = locals.map((a) => `typeof ${a} === "number" && ${this.h('isInt')}(${a})`);
    const steps = ops.map((o) => {
      const [t, l, r] = [temps.get(o)!, atom(o.l), atom(o.r)];
      // `+ 0` turns a -0 remainder into the integer 0
      if (o.op === '%') return `${r} !== 0 && (${t} = ${l} % ${r} + 0) === ${t}`;
      // bitwise operators are exact on 32-bit operands (sign extension commutes with them);
      // a shift only for a non-negative left side and a count below 32
      const i32 = (x: string) => `(${x} | 0) === ${x}`;
      if (o.op === '&' || o.op === '^') return `${i32(l)} && ${i32(r)} && (${t} = ${l} ${o.op} ${r}) === ${t}`;
      if (o.op === '>>') return `${i32(l)} && ${l} >= 0 && ${i32(r)} && ${r} >= 0 && ${r} < 32 && (${t} = ${l} >> ${r}) === ${t}`;
      return `${this.h('isSafe')}(${t} = ${l} ${o.op} ${r})`;
    });
    const result = this.tmp();
    this.p.line(`let ${[...temps.values(), result].join(', ')};`);
    this.p.nest(`if (${[...guards, ...steps].join(' && ')})`, () => this.p.line(`${result} = ${temps.get(e)};`), '} else {');
    // the generic code, on the leaves already read
    const isLit = (x: I.Expr) => x.k === 'lit';
    const generic = (x: I.Expr): string => (x.k === 'bin' ? this.binOp(x.op, generic(x.l), generic(x.r), this.site(x.span), isLit(x.l), isLit(x.r)) : atoms.get(x)!);
    const body = this.p.capture(() => this.p.line(`${result} = ${generic(e)};`));
    this.p.splice(body.map((b) => (typeof b === 'string' ? `  ${b}` : b)));
    this.p.line('}');
    return result;
  }

  /**
   * A binary operation on two atoms. The common cases get an inline fast path guarded by
   * `typeof` checks (two safe integers, two strings), falling back to the helper, which
   * implements every case; the type checks come first so that no user value ever reaches a
   * JavaScript operator that could call into it.
   */
  binOp(op: I.Bin['op'], l: string, r: string, site: number, lInt = false, rInt = false): string {
    // an integer literal needs no check
    const num = (x: string, known: boolean) => (known ? [] : [`typeof ${x} === "number"`]);
    const nums = [...num(l, lInt), ...num(r, rInt)].join(' && ') || 'true';
    const ints = [...(lInt ? [] : [`${this.h('isInt')}(${l})`]), ...(rInt ? [] : [`${this.h('isInt')}(${r})`])].join(' && ') || 'true';
    const int32 = (x: string) => `typeof ${x} === "number" && (${x} | 0) === ${x}`;
    switch (op) {
      case '==':
        return this.let(`${l} === ${r} || ((typeof ${l} !== "string" || typeof ${r} !== "string") && ${this.h('eq')}(${l}, ${r}))`);
      case '!=':
        return this.let(`${l} !== ${r} && ((typeof ${l} === "string" && typeof ${r} === "string") || !${this.h('eq')}(${l}, ${r}))`);
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.let(`${nums} ? ${l} ${op} ${r} : ${this.h(BIN_HELPER[op])}(${l}, ${r}, ${site})`);
      case '+':
      case '-':
      case '*': {
        const t = this.tmp();
        this.p.line(`let ${t};`);
        this.p.line(`if (!(${nums} && ${this.h('isSafe')}(${t} = ${l} ${op} ${r}) && ${ints})) ${t} = ${this.h(BIN_HELPER[op])}(${l}, ${r}, ${site});`);
        return t;
      }
      case '%': {
        const t = this.tmp();
        this.p.line(`let ${t};`);
        this.p.line(`if (${nums} && ${ints} && ${r} !== 0) { ${t} = ${l} % ${r}; if (${t} === 0) ${t} = 0; } else ${t} = ${this.h('mod')}(${l}, ${r}, ${site});`);
        return t;
      }
      case '&':
      case '^':
        return this.let(`${int32(l)} && ${int32(r)} ? ${l} ${op} ${r} : ${this.h(BIN_HELPER[op])}(${l}, ${r}, ${site})`);
      case '>>':
        return this.let(`${int32(l)} && ${l} >= 0 && ${int32(r)} && ${r} >= 0 && ${r} < 32 ? ${l} >> ${r} : ${this.h('shr')}(${l}, ${r}, ${site})`);
      default:
        return this.let(`${this.h(BIN_HELPER[op])}(${l}, ${r}, ${site})`);
    }
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
    this.p.nest(`if (${l} === ${go})`, () => {
      const r = this.emit(e.r, true);
      this.p.line(`${t} = ${this.h('logicRight')}(${jsString(e.op)}, ${go}, ${r}, ${this.site(e.rSpan)});`);
    }, `} else ${t} = ${this.h(e.op === 'and' ? 'andLeft' : 'orLeft')}(${l}, ${site});`);
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
    const segs = e.segs.map((s) =>
      s.k === 'key' ? jsString(s.key) : s.k === 'index' ? this.emit(s.index, true) : `${this.h('sliceSeg')}(${this.emit(s.start, true)}, ${this.emit(s.end, true)})`,
    );
    const test = `${this.h('present')}(${base}, [${segs.join(', ')}], ${this.site(e.span)})`;
    return this.let(e.absent ? `!${test}` : test);
  }

  private call(e: I.Call): string {
    const args = e.args.map((a) => this.emit(a, true));
    if (e.fn.ctx) args.unshift('c');
    const f = this.k(e.fn.impl);
    const site = this.site(e.span);
    if (args.length <= 3) return this.let(`${this.h(`fc${args.length}` as HelperName)}(${f}, ${[...args, site].join(', ')})`);
    return this.let(`${this.h('fcn')}(${f}, [${args.join(', ')}], ${site})`);
  }

  private recur(e: I.RecurE): string {
    const args = e.args.map((a) => this.emit(a));
    this.params.forEach((slot, i) => this.p.line(`${this.local(slot)} = ${args[i]};`));
    for (const slot of this.locals) if (!this.params.includes(slot)) this.p.line(`${this.local(slot)} = undefined;`);
    this.p.line(`continue ${this.recurLabel};`);
    return 'null';
  }

  // ------------------------------------------------------------------------ match and for

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
            this.p.line(`if (!${this.h('truth')}(${g}, ${this.site(c.guard.span)})) break ${next};`);
          }
          this.p.line(`${result} = ${this.emit(c.body)};`);
          this.p.line(`break ${done};`);
        });
      }
      this.p.line(`${this.h('noMatch')}(${this.site(e.span)});`);
    });
    return result;
  }

  private forLoop(e: I.ForE): string {
    const target = this.emit(e.target, true);
    const acc = this.tmp();
    const op = e.op?.op ?? '+';
    if (e.into) this.p.line(`let ${acc} = ${this.h('foldInit')}(${this.emit(e.into, true)});`);
    else this.p.line(`const ${acc} = [];`);
    // an integer fold with + - *: a flag says the accumulator is still a safe integer, so each
    // step checks only the new value
    const intAcc = e.into?.k === 'lit' && typeof e.into.value === 'number' && Number.isInteger(e.into.value) && INT_FOLD_OPS.has(op) ? this.tmp() : null;
    if (intAcc) this.p.line(`let ${intAcc} = true;`);
    const item = (k: string, v: string, loop: string) => {
      const done = this.label();
      this.p.nest(`${done}:`, () => {
        for (const c of e.cases) {
          const next = this.label();
          this.p.nest(`${next}:`, () => {
            this.p.line(`${this.local(c.key)} = ${k}; ${this.local(c.value)} = ${v};`);
            if (c.guard) {
              const g = this.emit(c.guard, true);
              this.p.line(`if (!${this.h('truth')}(${g}, ${this.site(c.guard.span)})) break ${next};`);
            }
            this.foldInto(e, c.body, acc, op, loop, intAcc);
            this.p.line(`break ${done};`);
          });
        }
      });
    };
    const i = this.tmp();
    if (!e.cases.some((c) => containsFor(c.body) || (c.guard !== null && containsFor(c.guard)))) {
      // arrays and records get a loop each: indexing stays monomorphic (the body is small
      // enough to be written twice)
      const arrLoop = this.label();
      this.p.nest(`if (${this.h('isArray')}(${target})) ${arrLoop}: for (let ${i} = 0; ${i} < ${target}.length; ${i}++)`, () => {
        const v = this.let(`${target}[${i}]`);
        item(i, v, arrLoop);
      }, '}');
      const keys = this.tmp();
      const j = this.tmp();
      const recLoop = this.label();
      this.p.nest(`else if (${this.h('isRecord')}(${target}))`, () => {
        this.p.line(`const ${keys} = ${this.h('recKeys')}(${target});`);
        this.p.nest(`${recLoop}: for (let ${j} = 0; ${j} < ${keys}.length; ${j}++)`, () => {
          const k = this.let(`${keys}[${j}]`);
          const v = this.let(`${target}[${k}]`);
          item(k, v, recLoop);
        });
      });
      return acc;
    }
    const keys = this.let(`${this.h('isArray')}(${target}) ? null : ${this.h('isRecord')}(${target}) ? ${this.h('recKeys')}(${target}) : []`);
    const n = this.let(`${keys} === null ? ${target}.length : ${keys}.length`);
    const loop = this.label();
    this.p.nest(`${loop}: for (let ${i} = 0; ${i} < ${n}; ${i}++)`, () => {
      const k = this.let(`${keys} === null ? ${i} : ${keys}[${i}]`);
      const v = this.let(`${target}[${k}]`);
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
  private foldInto(e: I.ForE, body: I.Expr, acc: string, op: string, loop: string, intAcc: string | null): void {
    const site = this.site(bodySpan(body));
    const init = e.into?.k === 'lit' ? e.into.value : undefined;
    if (!e.into) {
      this.p.line(`${acc}.push(${this.emit(body)});`);
      return;
    }
    if (intAcc) {
      const v = this.emit(body, true);
      const t = this.tmp();
      this.p.line(`let ${t};`);
      this.p.line(
        `if (${intAcc} && typeof ${v} === "number" && ${this.h('isInt')}(${v}) && ${this.h('isSafe')}(${t} = ${acc} ${op} ${v})) ${acc} = ${t};` +
          ` else { ${acc} = ${this.h(BIN_HELPER[op as '+' | '-' | '*'])}(${acc}, ${v}, ${site}); ${intAcc} = typeof ${acc} === "number" && ${this.h('isInt')}(${acc}); }`,
      );
      return;
    }
    if (typeof init === 'number' && op in BIN_HELPER) {
      const v = this.emit(body, true);
      this.p.line(`${acc} = ${this.binOp(op as I.Bin['op'], acc, v, site)};`);
      return;
    }
    if (Array.isArray(init) && op === '+') {
      this.p.line(`${acc}.push(${this.emit(body)});`);
      return;
    }
    const last = body.k === 'seq' ? body.exprs[body.exprs.length - 1] : body;
    if (init !== undefined && typeof init === 'object' && init !== null && !Array.isArray(init) && op === '+' && last.k === 'record') {
      if (body.k === 'seq') for (const x of body.exprs.slice(0, -1)) this.emit(x);
      for (const f of last.fields) {
        const k = this.emit(f.key, true);
        this.p.line(`${this.h('setKey')}(${acc}, ${k}, ${this.emit(f.value)});`);
      }
      return;
    }
    this.p.line(`${acc} = ${this.h('foldStep')}(${acc}, ${this.emit(body)}, ${jsString(op)}, ${site});`);
    if (op === 'and' || op === 'or') this.p.line(`if (${this.h('foldDone')}(${acc}, ${jsString(op)})) break ${loop};`);
  }

  // ------------------------------------------------------------------------ patch, let, emit

  private patch(e: I.PatchE): string {
    // every value is evaluated first, against the original environment (`default` lazily)
    const keys: (string | null)[] = [];
    const froms: ([string, string] | null)[] = [];
    const values: (string | null)[] = [];
    for (const op of e.ops) {
      if ('from' in op) {
        keys.push(null);
        froms.push([this.emit(op.from, true), this.emit(op.to, true)]);
        values.push(null);
      } else {
        keys.push(op.key ? this.emit(op.key, true) : null);
        froms.push(null);
        values.push(op.k !== 'erase' && op.k !== 'default' ? this.emit(op.value) : null);
      }
    }
    const r = this.tmp();
    this.p.line(`let ${r} = ${this.h('patchTarget')}(${this.emit(e.target, true)}, ${this.site(e.target.span)});`);
    e.ops.forEach((op, i) => {
      const site = this.site(op.span);
      switch (op.k) {
        case 'insert':
          return this.p.line(`${this.h('patchInsert')}(${r}, ${keys[i]}, ${values[i]}, ${site});`);
        case 'update':
          return this.p.line(`${this.h('patchUpdate')}(${r}, ${keys[i]}, ${values[i]}, ${site});`);
        case 'upsert':
          return this.p.line(`${this.h('patchUpsert')}(${r}, ${keys[i]}, ${values[i]}, ${site});`);
        case 'erase':
          return this.p.line(`${this.h('patchErase')}(${r}, ${keys[i]}, ${site});`);
        case 'copy':
        case 'move':
          return this.p.line(`${this.h('patchCopy')}(${r}, ${froms[i]![0]}, ${froms[i]![1]}, ${site}, ${op.k === 'move'});`);
        case 'merge':
          if (keys[i] === null) return this.p.line(`${r} = ${this.h('patchMergeAll')}(${r}, ${values[i]}, ${site});`);
          return this.p.line(`${this.h('patchMergeKey')}(${r}, ${keys[i]}, ${values[i]}, ${site});`);
        case 'default':
          if (keys[i] === null) return this.p.line(`${r} = ${this.h('patchDefaultAll')}(${r}, ${this.emit(op.value, true)}, ${site});`);
          return this.p.nest(`if (!${this.h('hasKey')}(${r}, ${keys[i]}))`, () => {
            this.p.line(`${this.h('patchUpsert')}(${r}, ${keys[i]}, ${this.emit(op.value)}, ${site});`);
          });
        default:
          return I.unreachable(op);
      }
    });
    return r;
  }

  private assign(e: I.LetE): string {
    const t = e.target;
    const segs = t.segs.map((s) => this.emit(s, true));
    let v = this.emit(e.value);
    const site = this.site(e.span);
    const path = (root: string) => (segs.length ? `${this.h('assignPath')}(${root}, [${segs.join(', ')}], ${v}, ${site})` : v);
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

  // ------------------------------------------------------------------------ units

  /** a script body: `function (c)`, returning the result or undefined after `drop` */
  script(body: I.Expr, slots: number): Generated {
    this.bodyLabel = this.label();
    const fnBody = this.p.capture(() => {
      this.p.nest(`${this.bodyLabel}:`, () => {
        this.baseDepth = this.p.depth;
        this.p.line(`r = ${this.emit(body)};`);
      });
    });
    const out = new Printer();
    out.nest('return function script(c)', () => {
      out.line('let event = c.event, meta = c.meta, state = c.state, r;');
      if (slots > 0) out.line(`let ${Array.from({ length: slots }, (_, i) => `l${i}`).join(', ')};`);
      out.splice(fnBody);
      // only what the script assigned is written back (the caller set c.port to "out")
      const back = [...this.assigned].map((x) => `c.${x} = ${x};`).join(' ');
      if (back) out.line(back);
      out.line('return r;');
    }, '};');
    return this.finish(out);
  }

  /** a user function: `function (c, cs, …params)` */
  fn(name: string, body: I.Expr, params: number, variadic: boolean, slots: number, recurs: boolean): Generated {
    this.params = Array.from({ length: params }, (_, i) => i);
    this.locals = Array.from({ length: slots }, (_, i) => i);
    const ps = this.params.map((i) => `, l${i}`).join('') + (variadic ? `, ...l${params}` : '');
    const extra = Array.from({ length: slots }, (_, i) => i).filter((i) => i >= params + (variadic ? 1 : 0));
    if (recurs) this.recurLabel = this.label();
    const fnBody = this.p.capture(() => {
      this.baseDepth = this.p.depth;
      const v = this.emit(body);
      this.p.line(`return ${v};`);
    });
    const out = new Printer();
    out.nest(`return function ${safeName(name)}(c, cs${ps})`, () => {
      if (extra.length) out.line(`let ${extra.map((i) => `l${i}`).join(', ')};`);
      if (recurs) {
        out.line('let n = 0;');
        out.nest(`${this.recurLabel}: for (;;)`, () => {
          out.line(`if (++n > 1024) ${this.h('recursionLimit')}(cs);`);
          out.splice(fnBody);
        });
      } else {
        out.splice(fnBody);
      }
    }, '};');
    return this.finish(out);
  }

  /**
   * A select without windows or grouping: `function (c)` runs where, the target and having
   * and returns the new payload, or undefined when the event is filtered out.
   */
  select(where: I.Expr | null, target: I.Expr, having: I.Expr | null, slots: number): Generated {
    const fnBody = this.p.capture(() => {
      if (where) {
        const w = this.emit(where, true);
        this.p.line(`if (!${this.h('truth')}(${w}, ${this.site(where.span)})) return undefined;`);
      }
      const v = this.emit(target);
      if (having) {
        this.p.line(`event = ${v};`);
        const h = this.emit(having, true);
        this.p.line(`if (!${this.h('truth')}(${h}, ${this.site(having.span)})) return undefined;`);
      }
      this.p.line(`return ${v};`);
    });
    const out = new Printer();
    out.nest('return function select(c)', () => {
      out.line('let event = c.event, meta = c.meta, state = null;');
      if (slots > 0) out.line(`let ${Array.from({ length: slots }, (_, i) => `l${i}`).join(', ')};`);
      out.splice(fnBody);
    }, '};');
    return this.finish(out);
  }

  /** a single expression evaluated against a context: `function (c)` */
  expression(e: I.Expr, slots: number): Generated {
    const fnBody = this.p.capture(() => this.p.line(`return ${this.emit(e)};`));
    const out = new Printer();
    out.nest('return function expr(c)', () => {
      out.line('let event = c.event, meta = c.meta, state = c.state;');
      if (slots > 0) out.line(`let ${Array.from({ length: slots }, (_, i) => `l${i}`).join(', ')};`);
      out.splice(fnBody);
    }, '};');
    return this.finish(out);
  }

  /** a condition (where, having): `function (c)` returning a checked bool */
  condition(e: I.Expr, slots: number): Generated {
    const fnBody = this.p.capture(() => this.p.line(`return ${this.h('truth')}(${this.emit(e, true)}, ${this.site(e.span)});`));
    const out = new Printer();
    out.nest('return function expr(c)', () => {
      out.line('let event = c.event, meta = c.meta, state = null;');
      if (slots > 0) out.line(`let ${Array.from({ length: slots }, (_, i) => `l${i}`).join(', ')};`);
      out.splice(fnBody);
    }, '};');
    return this.finish(out);
  }

  /** the group keys of `group by`: `function (c)` returning an array of key tuples */
  groups(g: GroupIR, slots: number): Generated {
    const emitGroup = (x: GroupIR): string => {
      switch (x.k) {
        case 'expr':
          return this.let(`${this.h('groupOne')}(${this.emit(x.expr)})`);
        case 'each':
          return this.let(`${this.h('groupEach')}(${this.emit(x.expr)}, ${this.site(x.expr.span)})`);
        case 'set':
          return this.let(`${this.h('groupSet')}([${x.items.map(emitGroup).join(', ')}])`);
        default:
          return I.unreachable(x);
      }
    };
    const fnBody = this.p.capture(() => this.p.line(`return ${emitGroup(g)};`));
    const out = new Printer();
    out.nest('return function expr(c)', () => {
      out.line('let event = c.event, meta = c.meta, state = null;');
      if (slots > 0) out.line(`let ${Array.from({ length: slots }, (_, i) => `l${i}`).join(', ')};`);
      out.splice(fnBody);
    }, '};');
    return this.finish(out);
  }

  private finish(out: Printer): Generated {
    return { source: this.prologue() + out.toString(), consts: this.consts };
  }
}

const BIN_HELPER: Record<Exclude<I.Bin['op'], '==' | '!='>, HelperName> = {
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

/** the fold operators with an integer fast path (the accumulator stays a safe integer) */
const INT_FOLD_OPS = new Set(['+', '-', '*']);

function bodySpan(e: I.Expr): Span {
  return e.k === 'seq' ? e.exprs[e.exprs.length - 1].span : e.span;
}

function safeName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !['constructor', 'prototype'].includes(name) ? `fn_${name}` : 'fn';
}

/** does an expression contain a `for` (whose code would be duplicated by loop splitting)? */
function containsFor(e: I.Expr): boolean {
  let found = false;
  const visit = (x: unknown): void => {
    if (found || x === null || typeof x !== 'object') return;
    if (Array.isArray(x)) return x.forEach(visit);
    const o = x as Record<string, unknown>;
    if (o.k === 'for') {
      found = true;
      return;
    }
    for (const key in o) if (key !== 'span' && key !== 'fn' && key !== 'ex' && key !== 'value') visit(o[key]);
  };
  visit(e);
  return found;
}
