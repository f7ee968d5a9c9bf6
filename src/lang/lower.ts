/**
 * AST -> IR for tremor-script expressions (used by scripts, functions, select clauses and
 * window scripts alike). Names are resolved here: a bare identifier is a clause binding, a
 * local, or a constant; `a::b::C` is a module constant; calls go to the std library or to a
 * compiled user function. `args` is substituted by its value. Structural rules that Tremor
 * checks at compile time are checked here too (no emit outside scripts, recur only in tail
 * position, no plain locals in select clauses, assignable targets, binary literal bits).
 */
import type * as A from './ast.js';
import * as I from './ir.js';
import { error, errorWithContext, fail, failWith, layout, warning } from '../base/diagnostics.js';
import { callError, callWarning } from './call-diagnostics.js';
import { ARGS_UNKNOWN, type Frame } from './frame.js';
import { lowerAggregate } from './aggregate.js';
import type { Session } from './session.js';
import type { ModuleScope } from './scope.js';
import { cover, type Span } from '../base/source.js';
import { prepareExtractor } from '../std/extractors/index.js';
import { fold as foldExpr } from './optimize.js';
import type { StdFn } from '../std/registry.js';
import type { Value } from '../runtime/value.js';

export class Lowerer {
  constructor(
    /** the call sites and warnings of the compilation */
    readonly session: Session,
    readonly scope: ModuleScope,
  ) {}

  private fold(e: I.Expr): I.Expr {
    return foldExpr(e, this.session.sites);
  }

  /** a body: `;`-separated expressions; non-final pure expressions are dropped (§5.1) */
  body(es: A.Expr[], f: Frame, tail: boolean, span: Span): I.Expr {
    const out: I.Expr[] = [];
    es.forEach((e, i) => {
      const last = i === es.length - 1;
      const x = this.expr(e, f, tail && last);
      if (last || hasEffect(x)) out.push(x);
    });
    return I.seq(out, span);
  }

  expr(e: A.Expr, f: Frame, tail = false): I.Expr {
    return this.fold(this.lowerExpr(e, f, tail));
  }

  private lowerExpr(e: A.Expr, f: Frame, tail: boolean): I.Expr {
    switch (e.kind) {
      case 'literal':
        return I.lit(e.value, e.span);
      case 'string':
        return this.string(e, f);
      case 'record':
        return { k: 'record', fields: e.fields.map((x) => ({ key: this.string(x.key, f), value: this.expr(x.value, f) })), span: e.span };
      case 'array':
        return { k: 'array', items: e.items.map((x) => this.expr(x, f)), span: e.span };
      case 'binary': {
        const l = this.expr(e.left, f);
        const r = this.expr(e.right, f);
        if (e.op === 'and' || e.op === 'or' || e.op === 'xor') return { k: 'logic', op: e.op, l, r, lSpan: e.left.span, rSpan: e.right.span, span: e.span };
        return { k: 'bin', op: e.op, l, r, span: e.span };
      }
      case 'unary':
        return { k: 'un', op: e.op, e: this.expr(e.operand, f), eSpan: e.operand.span, span: e.span };
      case 'presence':
        return this.presence(e, f);
      case 'path':
        return this.path(e, f);
      case 'call':
        return this.call(e, f);
      case 'recur':
        return this.recur(e, f, tail);
      case 'match':
        return this.match(e, f, tail);
      case 'for':
        return this.forExpr(e, f);
      case 'patch':
        return this.patch(e, f);
      case 'merge':
        return { k: 'merge', target: this.expr(e.target, f), spec: this.expr(e.spec, f), span: e.span };
      case 'binaryLit':
        return this.bytes(e, f);
      case 'let':
        return this.assign(e, f);
      case 'emit':
        if (f.kind !== 'script') fail('C008', 'emit is not allowed in this context', e.span);
        return {
          k: 'emit',
          value: e.value ? this.expr(e.value, f) : { k: 'root', root: 'event', span: e.span },
          port: e.port ? this.string(e.port, f) : null,
          span: e.span,
        };
      case 'drop':
        if (f.kind !== 'script') fail('C008', 'drop is not allowed in this context', e.span);
        return { k: 'drop', span: e.span };
      default:
        return I.unreachable(e);
    }
  }

  string(s: A.StringLit, f: Frame): I.Expr {
    const parts = s.parts.map((p) => (typeof p === 'string' ? I.lit(p, s.span) : this.expr(p, f)));
    if (parts.length === 0) return I.lit('', s.span);
    return this.fold({ k: 'str', parts, span: s.span });
  }

  // ------------------------------------------------------------------------ paths

  path(p: A.Path, f: Frame): I.Expr {
    const [base, what] = this.root(p, f);
    let cur = base;
    for (const seg of p.segments) cur = this.segment(cur, seg, what, f);
    return cur;
  }

  private segment(base: I.Expr, seg: A.Segment, what: I.RootKind, f: Frame): I.Expr {
    switch (seg.kind) {
      case 'key':
        return this.fold({ k: 'get', base, key: seg.key, what, span: seg.span });
      case 'index':
        return this.fold({ k: 'index', base, index: this.expr(seg.index, f), what, span: seg.span });
      case 'range':
        return this.fold({ k: 'slice', base, start: this.expr(seg.start, f), end: this.expr(seg.end, f), span: seg.span });
      default:
        return I.unreachable(seg);
    }
  }

  /** the root of a path, and what kind of root it is for error messages */
  private root(p: A.Path, f: Frame): [I.Expr, I.RootKind] {
    const r = p.root;
    const pure = f.kind === 'fn' || f.kind === 'const';
    switch (r.kind) {
      case 'event':
        this.checkWindowedEvent(p, f);
        return [pure ? I.lit(null, r.span) : { k: 'root', root: 'event', span: r.span }, 'event'];
      case 'meta':
        this.checkWindowedEvent(p, f);
        return [pure ? I.lit(null, r.span) : { k: 'root', root: 'meta', span: r.span }, 'meta'];
      case 'state':
        return [f.kind === 'script' || f.kind === 'window' ? { k: 'root', root: 'state', span: r.span } : I.lit(null, r.span), 'state'];
      case 'group':
      case 'window':
        return [f.kind === 'select' ? { k: 'root', root: r.kind, span: r.span } : I.lit(null, r.span), r.kind];
      case 'args':
        if (f.kind === 'fn' && f.argsSlot >= 0) return [{ k: 'local', slot: f.argsSlot, name: 'args', span: r.span }, 'args'];
        if (f.args === ARGS_UNKNOWN) return [{ k: 'root', root: 'args', span: r.span }, 'args'];
        if (f.args === null && f.kind === 'const') return notConstant(f, r.span);
        return [I.lit(f.args ?? {}, r.span), 'args'];
      case 'name':
        return this.name(r.names, r.span, p, f);
      case 'expr':
        return [this.expr(r.expr, f), 'expr'];
      default:
        return I.unreachable(r);
    }
  }

  private name(names: string[], span: Span, p: A.Path, f: Frame): [I.Expr, I.RootKind] {
    if (names.length > 1) {
      const mod = this.scope.resolveModule(names.slice(0, -1));
      const name = names[names.length - 1];
      const v = mod ? (mod.k === 'std' ? mod.mod.consts[name] : mod.scope.consts.get(name)) : undefined;
      if (v === undefined) fail('C001', `The constant ${names.join('::')} (absolute path) is not defined.`, span);
      return [I.lit(v, span), 'const'];
    }
    const name = names[0];
    const slot = f.lookup(name);
    if (slot < 0) {
      const c = this.scope.consts.get(name);
      if (c !== undefined) return [I.lit(c, span), 'const'];
    }
    if (f.kind === 'select' && slot < 0) noLocals(f, p.span);
    if (f.kind === 'const') return notConstant(f, span);
    const local = f.local(name);
    return [{ k: 'local', slot: local, name, span, bound: f.bound.has(local) }, 'local'];
  }

  /** in a windowed select, `event` and `$` may only appear inside aggregates or group-by expressions */
  private checkWindowedEvent(p: A.Path, f: Frame): void {
    if (f.kind !== 'select' || !f.windowed || f.inAggregate) return;
    fail(
      'C017',
      'References to `event` or `$` are not allowed in this context',
      p.span,
      'Here you operate in the whole window, not a single event. You need to wrap this reference in an aggregate function (e.g. aggr::win::last(...)) or use it in the group by clause of this query.',
    );
  }

  private presence(e: A.Presence, f: Frame): I.Expr {
    const p = e.path;
    let base: I.Expr;
    if (p.root.kind === 'name' && p.root.names.length === 1 && f.lookup(p.root.names[0]) < 0 && !this.scope.consts.has(p.root.names[0]) && f.kind !== 'select') {
      base = { k: 'local', slot: f.local(p.root.names[0]), name: p.root.names[0], span: p.root.span };
    } else {
      base = this.root(p, f)[0];
    }
    const segs: I.PathSeg[] = p.segments.map((s) =>
      s.kind === 'key' ? { k: 'key', key: s.key } : s.kind === 'index' ? { k: 'index', index: this.expr(s.index, f) } : { k: 'slice', start: this.expr(s.start, f), end: this.expr(s.end, f), span: s.span },
    );
    return { k: 'present', base, segs, absent: e.absent, span: e.span };
  }

  // ------------------------------------------------------------------------ calls

  private call(e: A.Call, f: Frame): I.Expr {
    const aggr = lowerAggregate(e, f, this.scope.aliases.has('aggr'), (a) => this.expr(a, f));
    if (aggr) return aggr;
    const args = e.args.map((a) => this.expr(a, f));
    const name = e.names[e.names.length - 1];
    if (e.names.length === 1) {
      const user = this.scope.fns.get(name);
      if (!user) missingFunction(`::${name}`, e.span);
      return this.userCall(user, args, e, f);
    }
    const mod = this.scope.resolveModule(e.names.slice(0, -1));
    if (mod?.k === 'user') {
      const user = mod.scope.fns.get(name);
      if (user) return this.userCall(user, args, e, f);
    } else if (mod?.k === 'std') {
      const std: StdFn | undefined = mod.mod.fns[name];
      if (std) return this.stdCall(std, args, e, f);
    }
    return missingFunction(e.names.join('::'), e.span);
  }

  private stdCall(fn: StdFn, args: I.Expr[], e: A.Call, f: Frame): I.Expr {
    if (args.length < fn.minArity || args.length > fn.maxArity) {
      failWith(callError('C004', `Bad arity for function ${fn.fullName}/${args.length}`, e.span));
    }
    if (!fn.pure) f.impure = true;
    if (fn.warning) this.session.warn(callWarning(fn.warning.class, fn.warning.message, e.span));
    return this.fold({ k: 'call', fn, args, span: e.span });
  }

  private userCall(fn: I.FnRef, args: I.Expr[], e: A.Call, f: Frame): I.Expr {
    if (args.length < fn.arity || (!fn.variadic && args.length > fn.arity)) {
      failWith(callError('C004', `Bad arity for function ${fn.name}/${args.length}`, e.span));
    }
    if (!fn.pure) f.impure = true;
    return this.fold({ k: 'ucall', fn, args, span: e.span });
  }

  private recur(e: A.Recur, f: Frame, tail: boolean): I.Expr {
    if (f.kind !== 'fn' || !tail) fail('C009', 'Can not recur from this location', e.span);
    if (e.args.length !== f.arity) fail('C004', `Bad arity for recur: expected ${f.arity} arguments, got ${e.args.length}`, e.span);
    f.recurs = true;
    return { k: 'recur', args: e.args.map((a) => this.expr(a, f)), span: e.span };
  }

  // ------------------------------------------------------------------------ match

  private match(e: A.Match, f: Frame, tail: boolean): I.Expr {
    const target = this.expr(e.target, f);
    const cases: I.Case[] = [];
    let defaults = 0;
    for (const c of e.cases) {
      const isDefault = (c.pattern === null || c.pattern.kind === 'any') && c.guard === null;
      if (defaults > 0) {
        if (isDefault) this.session.warn(warning('W004', 'behaviour', 'Any but the first `case _` statement are unreachable and will be ignored.', c.span, e.span));
        continue;
      }
      if (isDefault && c.guard === null) defaults++;
      cases.push(
        f.clauseScope(() => {
          const pattern = c.pattern ? this.pattern(c.pattern, f) : ({ k: 'any' } as I.Pat);
          const guard = c.guard ? this.expr(c.guard, f) : null;
          return { pattern, guard, body: this.body(c.body, f, tail, c.span), span: c.span };
        }),
      );
    }
    if (defaults === 0) {
      this.session.warn(
        warning('W001', 'behaviour', 'This match expression has no default clause, if the other clauses do not cover all possibilities this will lead to events being discarded with runtime errors.', e.span),
      );
    }
    return { k: 'match', target, cases, span: e.span };
  }

  pattern(p: A.Pattern, f: Frame): I.Pat {
    switch (p.kind) {
      case 'any':
        return { k: 'any' };
      case 'assign': {
        const inner = this.pattern(p.pattern, f);
        return { k: 'bind', slot: f.bindInClause(p.name), pat: inner };
      }
      case 'expr':
        return { k: 'eq', value: this.expr(p.expr, f) };
      case 'extract':
        return { k: 'extract', ex: this.extractor(p.extractor), span: p.span };
      case 'record': {
        const seen = new Map<string, string[]>();
        for (const fp of p.fields) seen.set(fp.key, [...(seen.get(fp.key) ?? []), fp.kind]);
        for (const [key, kinds] of seen) {
          if (kinds.includes('present') && kinds.includes('extract')) {
            this.session.warn(
              layout(
                warning(
                  'W004',
                  'behaviour',
                  `The field ${key} is checked with both present and another extractor, this is redundant as extractors imply presence. It may also overwrite the result of the extractor.`,
                  p.span,
                ),
                { contextLines: 2 },
              ),
            );
          }
        }
        return { k: 'record', fields: p.fields.map((fp) => this.fieldPattern(fp, f)) };
      }
      case 'array':
        return { k: 'array', elems: p.elems.map((x) => this.pattern(x, f)) };
      case 'tuple':
        return { k: 'tuple', elems: p.elems.map((x) => this.pattern(x, f)), open: p.open };
      default:
        return I.unreachable(p);
    }
  }

  private fieldPattern(fp: A.FieldPattern, f: Frame): I.FieldPat {
    switch (fp.kind) {
      case 'present':
        return { k: 'present', key: fp.key };
      case 'absent':
        return { k: 'absent', key: fp.key };
      case 'cmp':
        return { k: 'cmp', key: fp.key, op: fp.op, value: this.expr(fp.expr, f), span: fp.span };
      case 'extract':
        return { k: 'extract', key: fp.key, ex: this.extractor(fp.extractor), span: fp.span };
      case 'nested':
        return { k: 'nested', key: fp.key, pat: this.pattern(fp.pattern, f) };
      default:
        return I.unreachable(fp);
    }
  }

  private extractor(x: A.Extractor): I.ExtractorRef {
    const r = prepareExtractor(x.name, x.rule);
    // Tremor's `InvalidExtractor`: the extractor underlined, two lines shown either side
    if ('error' in r) failWith(errorWithContext('C010', r.error, x.span));
    return { name: x.name, rule: x.rule, test: r.test };
  }

  // ------------------------------------------------------------------------ for, patch, bytes

  private forExpr(e: A.For, f: Frame): I.Expr {
    const target = this.expr(e.target, f);
    const keySlots: number[] = [];
    const valueSlots: number[] = [];
    const cases = e.cases.map((c) =>
      f.bind([c.key, c.value], ([k, v]) => {
        keySlots.push(k);
        valueSlots.push(v);
        const guard = c.guard ? this.expr(c.guard, f) : null;
        return { key: k, value: v, guard, body: this.body(c.body, f, false, c.span), span: c.span };
      }),
    );
    const into = e.into ? this.expr(e.into, f) : null;
    return { k: 'for', target, keySlots, valueSlots, cases, into, op: e.op ? { op: e.op.op, span: e.op.span } : null, span: e.span };
  }

  private patch(e: A.Patch, f: Frame): I.Expr {
    const ops: I.PatchOpE[] = e.ops.map((op) => {
      switch (op.kind) {
        case 'erase':
          return { k: 'erase', key: this.string(op.key, f), span: op.span };
        case 'copy':
        case 'move':
          return { k: op.kind, from: this.string(op.from, f), to: this.string(op.to, f), span: op.span };
        default:
          return { k: op.kind, key: op.key ? this.string(op.key, f) : null, value: this.expr(op.value, f), span: op.span };
      }
    });
    return { k: 'patch', target: this.expr(e.target, f), ops, span: e.span };
  }

  private bytes(e: A.BinaryLit, f: Frame): I.Expr {
    const parts = e.parts.map((p) => {
      let bits: number | null = null;
      if (p.bits) {
        const b = p.bits.value;
        const n = typeof b === 'number' ? b : typeof b === 'bigint' ? Number(b) : NaN;
        if (!(n >= 1 && n <= 64)) fail('T008', `negative bits or bits > 64 are are not allowed: ${String(b)}`, p.span);
        bits = n;
      }
      const type = binType(p.type?.name ?? 'unsigned_big_integer', p.type?.span ?? p.span);
      return { value: this.expr(p.value, f), bits, type, span: p.span };
    });
    return this.fold({ k: 'bytes', parts, span: e.span });
  }

  // ------------------------------------------------------------------------ let

  private assign(e: A.Let, f: Frame): I.Expr {
    const t = e.target;
    const targetSpan = cover(t.span, e.value.span);
    // Tremor's `AssignToConst`: two lines shown either side
    const constant = (): never => failWith(errorWithContext('C007', "Can't assign to a constant expression", targetSpan));
    const segs = t.segments.map((s) => {
      if (s.kind === 'key') return I.lit(s.key, s.span);
      if (s.kind === 'index') return this.expr(s.index, f);
      return fail('R011', "Can't assign into an array", s.span);
    });
    const value = this.expr(e.value, f);
    let target: I.LetTarget;
    const r = t.root;
    const notHere = (what: string): never => fail('C007', `Can not assign to \`${what}\` here`, targetSpan, undefined, f.statement ?? undefined);
    switch (r.kind) {
      case 'event':
        if (f.kind !== 'script') notHere('event');
        target = { k: 'event', segs };
        break;
      case 'meta':
        if (f.kind !== 'script') notHere('$');
        target = segs.length === 0 ? { k: 'invalid', segs, span: targetSpan } : { k: 'meta', segs };
        break;
      case 'state':
        if (f.kind !== 'script' && f.kind !== 'window') notHere('state');
        target = { k: 'state', segs };
        break;
      case 'name': {
        if (r.names.length > 1) return constant();
        const name = r.names[0];
        if (f.lookup(name) < 0 && this.scope.consts.has(name)) return constant();
        if (f.kind === 'select' || f.kind === 'const') noLocals(f, targetSpan);
        target = { k: 'local', slot: f.local(name), segs };
        break;
      }
      default:
        return constant();
    }
    return { k: 'let', target, value, span: e.span };
  }
}

/**
 * "The expression isn't constant" (Tremor's `NotConstant`): the lines of the statement, and
 * under them the statement grown by two lines (so the carets start at column 1).
 */
export function notConstant(f: Frame, span: Span): never {
  const s = f.statement ?? span;
  return failWith({ ...error('C006', "The expression isn't constant and can't be evaluated at compile time", s), caretLines: 2 });
}

/** Tremor's `NoLocalsAllowed`: the clause underlined, the whole statement shown */
function noLocals(f: Frame, span: Span): never {
  return fail('C012', 'Local variables are not allowed here', f.clause ?? span, undefined, f.statement ?? undefined);
}

/** Tremor's `MissingFunction`: the call underlined, three lines shown either side */
function missingFunction(name: string, span: Span): never {
  return failWith(callError('C003', `Call to undefined function ${name}`, span));
}

/** expressions that must run even when their value is unused (§5.1) */
export function hasEffect(e: I.Expr): boolean {
  switch (e.k) {
    case 'let':
    case 'emit':
    case 'drop':
    case 'match':
    case 'for':
    case 'recur':
    case 'seq':
      return true;
    default:
      return false;
  }
}

function binType(name: string, span: Span): I.BinType {
  const parts = name.split('_').filter((p) => p !== 'integer');
  if (name === 'binary') return 'binary';
  let signed = false;
  let little = false;
  for (const p of parts) {
    if (p === 'signed') signed = true;
    else if (p === 'unsigned') signed = false;
    else if (p === 'little') little = true;
    else if (p === 'big') little = false;
    else fail('T008', `Not a valid data type: '${name}'`, span);
  }
  return `${signed ? 'signed' : 'unsigned'}_${little ? 'little' : 'big'}` as I.BinType;
}

export type { Value };
