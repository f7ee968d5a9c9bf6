/**
 * Which parts of the payload (`event`) a unit of code reads: a set of top-level keys, or
 * `null` when it may need the whole payload. A source that has only checked a line (a
 * LazyEvent, src/runtime/event.ts) then decodes just those keys for the select or script
 * (issue #14: decode only what the query reads).
 *
 * `event` may appear
 * - as the base of a key: `event.a`, `event["a"]`, `present event.a`, a record pattern
 *   `match event of case %{ a == 1 }` (the key is read; its value is decoded whole);
 * - as the result: the value of a select (`select event`), the last value of a script body
 *   or of a match arm, `emit event` — the payload is handed on, not looked into, and the node
 *   hands on the event itself, still undecoded;
 * anywhere else (`let x = event`, `f(event)`, `{"e": event}`, `for event`, `patch event`,
 * `match event of case x => …`, a write into it), the whole payload is needed.
 */
import * as I from './ir.js';

export type Reads = ReadonlySet<string> | null;

class Walk {
  readonly keys = new Set<string>();
  whole = false;

  constructor(private readonly results: ReadonlySet<I.Expr>) {}

  expr(e: I.Expr): void {
    if (this.whole) return;
    switch (e.k) {
      case 'root':
        if (e.root === 'event' && !this.results.has(e)) this.whole = true;
        return;
      case 'get':
        if (isEvent(e.base)) this.keys.add(e.key);
        else this.expr(e.base);
        return;
      case 'index':
        if (isEvent(e.base) && e.index.k === 'lit' && typeof e.index.value === 'string') this.keys.add(e.index.value);
        else this.expr(e.base);
        this.expr(e.index);
        return;
      case 'present': {
        const first = e.segs[0];
        if (isEvent(e.base) && first?.k === 'key') this.keys.add(first.key);
        else this.expr(e.base);
        for (const s of e.segs) this.seg(s);
        return;
      }
      case 'match':
        if (isEvent(e.target) && e.cases.every((c) => c.pattern.k === 'any' || c.pattern.k === 'record')) {
          for (const c of e.cases) if (c.pattern.k === 'record') for (const f of c.pattern.fields) this.keys.add(f.key);
        } else this.expr(e.target);
        for (const c of e.cases) {
          this.pat(c.pattern);
          if (c.guard) this.expr(c.guard);
          this.expr(c.body);
        }
        return;
      case 'let':
        if (e.target.k === 'event' && e.target.segs.length > 0) this.whole = true;
        for (const s of e.target.segs) this.expr(s);
        this.expr(e.value);
        return;
      case 'lit':
      case 'local':
      case 'drop':
        return;
      case 'str':
        return this.all(e.parts);
      case 'record':
        for (const f of e.fields) {
          this.expr(f.key);
          this.expr(f.value);
        }
        return;
      case 'array':
        return this.all(e.items);
      case 'bin':
      case 'logic':
        this.expr(e.l);
        this.expr(e.r);
        return;
      case 'un':
        return this.expr(e.e);
      case 'slice':
        this.expr(e.base);
        this.expr(e.start);
        this.expr(e.end);
        return;
      case 'call':
      case 'ucall':
      case 'recur':
      case 'aggr':
        return this.all(e.args);
      case 'for':
        this.expr(e.target);
        for (const c of e.cases) {
          if (c.guard) this.expr(c.guard);
          this.expr(c.body);
        }
        if (e.into) this.expr(e.into);
        return;
      case 'patch':
        this.expr(e.target);
        for (const op of e.ops) {
          if (op.k === 'erase') this.expr(op.key);
          else if ('from' in op) {
            this.expr(op.from);
            this.expr(op.to);
          } else {
            if (op.key) this.expr(op.key);
            this.expr(op.value);
          }
        }
        return;
      case 'merge':
        this.expr(e.target);
        this.expr(e.spec);
        return;
      case 'bytes':
        for (const p of e.parts) this.expr(p.value);
        return;
      case 'emit':
        this.expr(e.value);
        if (e.port) this.expr(e.port);
        return;
      case 'seq':
        return this.all(e.exprs);
      default:
        return I.unreachable(e);
    }
  }

  private all(es: I.Expr[]): void {
    for (const x of es) this.expr(x);
  }

  private seg(s: I.PathSeg): void {
    if (s.k === 'index') this.expr(s.index);
    else if (s.k === 'slice') {
      this.expr(s.start);
      this.expr(s.end);
    }
  }

  private pat(p: I.Pat): void {
    switch (p.k) {
      case 'any':
      case 'extract':
        return;
      case 'bind':
        return this.pat(p.pat);
      case 'eq':
        return this.expr(p.value);
      case 'record':
        for (const f of p.fields) {
          if (f.k === 'cmp') this.expr(f.value);
          else if (f.k === 'nested') this.pat(f.pat);
        }
        return;
      case 'array':
      case 'tuple':
        for (const x of p.elems) this.pat(x);
        return;
      default:
        return I.unreachable(p);
    }
  }
}

const isEvent = (e: I.Expr): boolean => e.k === 'root' && e.root === 'event';

/** the expressions whose value is the result of `e` (the last of a body, each arm, emits) */
function results(e: I.Expr, out: Set<I.Expr>): void {
  switch (e.k) {
    case 'seq':
      for (const x of e.exprs) collectEmits(x, out);
      if (e.exprs.length) results(e.exprs[e.exprs.length - 1], out);
      return;
    case 'match':
      for (const c of e.cases) results(c.body, out);
      return;
    case 'emit':
      results(e.value, out);
      return;
    default:
      out.add(e);
  }
}

/** `emit event` anywhere in a statement of a body (inside match arms) hands the payload on */
function collectEmits(e: I.Expr, out: Set<I.Expr>): void {
  if (e.k === 'emit') results(e.value, out);
  else if (e.k === 'match') for (const c of e.cases) collectEmits(c.body, out);
  else if (e.k === 'seq') for (const x of e.exprs) collectEmits(x, out);
}

/**
 * The keys of the payload that `reads` read, when `result` (if any) is where the payload may
 * be handed on whole; null when the whole payload is needed.
 */
export function payloadReads(reads: (I.Expr | null)[], result: I.Expr | null): Reads {
  const out = new Set<I.Expr>();
  if (result) results(result, out);
  const w = new Walk(out);
  if (result) w.expr(result);
  for (const e of reads) if (e) w.expr(e);
  return w.whole ? null : w.keys;
}

/** the keys as the runtime takes them (sorted, for `explain`); null stays null */
export function keysOf(reads: Reads): readonly string[] | null {
  return reads === null ? null : [...reads].sort();
}
