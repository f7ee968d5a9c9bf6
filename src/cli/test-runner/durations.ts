/**
 * Tremor reads connector durations in nanoseconds, tremor-stream in milliseconds: before a test
 * runs, the durations of its troy files (and of its lib/ modules) are rewritten. Rewritten:
 *
 * - `define connector … with config = {…}`: the keys of NS_KEYS at any depth; the same keys as
 *   connector / flow `args` defaults and in `create connector|deploy flow … with`;
 * - exit delays: `"delay"` in any record literal outside window / operator definitions,
 *   `delay` pipeline-args defaults and `create pipeline … with delay = …`.
 *
 * Values: integer literals ÷ 1e6 (exactly: `1` → `0.000001`), `nanos::from_<unit>(N)` → N in
 * ms, other arguments of those calls scaled (`(x) * 1000`), other expressions `(…) / 1000000`;
 * paths (`args.delay`) are left alone. Window intervals and operator timeouts stay in ns
 * (trickle), listed as notes. A token-level heuristic, not a parser.
 */
import fs from 'node:fs';
import path from 'node:path';
import { walkFiles } from './files.js';
import { fmtRational, parseNumLit } from './tokens.js';
import { TroyScan, type NanosCall } from './troy-scan.js';

/** connector-config keys whose values Tremor reads as nanoseconds */
export const NS_KEYS: ReadonlySet<string> = new Set(['interval', 'delay', 'timeout', 'commit_interval', 'connect_timeout', 'request_timeout', 'backoff_base_time', 'ack_deadline']);

/** nanoseconds per unit of std::time::nanos::from_<unit> */
const NS_PER: Readonly<Record<string, bigint>> = {
  weeks: 604800000000000n,
  days: 86400000000000n,
  hours: 3600000000000n,
  minutes: 60000000000n,
  seconds: 1000000000n,
  millis: 1000000n,
  micros: 1000n,
  nanos: 1n,
};
const NS_PER_MS = 1000000n;

/** one rewrite: the 1-based line, what was rewritten, the text before and after */
export interface Rewrite {
  line: number;
  what: string;
  from: string;
  to: string;
}

export interface RewriteResult {
  text: string;
  rewrites: Rewrite[];
  notes: string[];
}

interface Edit extends Rewrite {
  s: number;
  e: number;
}

/** rewrites the nanosecond durations of one troy / tremor source to milliseconds */
export function rewriteDurations(src: string): RewriteResult {
  return new DurationRewriter(src).run();
}

class DurationRewriter {
  private readonly t: TroyScan;
  private readonly edits: Edit[] = [];
  private readonly notes: string[] = [];
  /** token ranges handled by a definition (never rewritten as exit records) */
  private readonly protectedRanges: [number, number][] = [];

  constructor(private readonly src: string) {
    this.t = new TroyScan(src);
  }

  run(): RewriteResult {
    const { t } = this;
    for (let i = 0; i < t.toks.length; i++) {
      if (t.isId(i, 'define') && t.isId(i + 1) && t.isId(i + 2)) this.definition(i);
      else if ((t.isId(i, 'create') && (t.isId(i + 1, 'connector') || t.isId(i + 1, 'pipeline'))) || (t.isId(i, 'deploy') && t.isId(i + 1, 'flow'))) this.creation(i);
      else if (t.isP(i, '{') && !t.isP(i - 1, '%') && !this.protectedRanges.some(([a, b]) => i >= a && i < b)) {
        const rec = t.parseRecord(i);
        if (rec) for (const e of rec.entries) if (e.key === 'delay') this.convert(e.vs, e.ve, 'exit event record "delay"');
      }
    }
    const edits = [...this.edits].sort((a, b) => b.s - a.s);
    let out = this.src;
    for (const e of edits) out = out.slice(0, e.s) + e.to + out.slice(e.e);
    const rewrites = edits
      .reverse()
      .filter((e) => e.from !== e.to)
      .map(({ line, what, from, to }) => ({ line, what, from, to }));
    return { text: out, rewrites, notes: this.notes };
  }

  /** `define <kind> <name> …` at i */
  private definition(i: number): void {
    const { t } = this;
    const kind = t.toks[i + 1].v;
    let j = i + 3;
    if (kind === 'connector') {
      let ctype = '?';
      if (t.isId(j, 'from')) {
        const s = j + 1;
        j = t.skipPath(s);
        ctype = t.text(s, j);
      }
      if (t.isId(j, 'args')) {
        const r = t.parseAssigns(j + 1, new Set(['with', 'end']));
        for (const it of r.items) if (NS_KEYS.has(it.key)) this.convert(it.vs, it.ve, `${ctype} connector args default "${it.key}"`);
        j = r.end;
      }
      if (t.isId(j, 'with')) {
        const r = t.parseAssigns(j + 1, new Set(['end']));
        for (const it of r.items) if (it.key === 'config' && it.vs !== null && t.isP(it.vs, '{')) this.walkConfig(it.vs, ctype);
        this.protectedRanges.push([j, r.end]);
      }
    } else if (kind === 'window' || kind === 'operator') {
      if (t.isId(j, 'from')) j = t.skipPath(j + 1);
      if (t.isId(j, 'with')) {
        const r = t.parseAssigns(j + 1, new Set(['end']));
        this.protectedRanges.push([j, r.end]);
        for (const it of r.items) {
          if (it.vs !== null && it.ve !== null && (it.key === 'interval' || it.key === 'timeout')) {
            this.notes.push(`line ${t.lineOf(t.toks[it.vs].s)}: ${kind} ${t.toks[i + 2].v} ${it.key} = ${t.text(it.vs, it.ve)} kept in nanoseconds (trickle)`);
          }
        }
      }
    } else if (kind === 'pipeline') {
      while (t.isId(j, 'into') || t.isId(j, 'from')) {
        j++;
        while ((t.isId(j) && !['args', 'pipeline', 'into', 'from'].includes(t.toks[j].v)) || t.isP(j, ',')) j++;
      }
      if (t.isId(j, 'args')) {
        const r = t.parseAssigns(j + 1, new Set(['pipeline']));
        for (const it of r.items) if (it.key === 'delay') this.convert(it.vs, it.ve, 'pipeline args default "delay" (exit delay)');
      }
    } else if (kind === 'flow' && t.isId(j, 'args')) {
      const r = t.parseAssigns(j + 1, new Set(['flow']));
      for (const it of r.items) if (NS_KEYS.has(it.key)) this.convert(it.vs, it.ve, `flow args default "${it.key}"`);
    }
  }

  /** `create connector|pipeline <name> [from …] with …` or `deploy flow …` at i */
  private creation(i: number): void {
    const { t } = this;
    const kind = t.toks[i + 1].v;
    if (!t.isId(i + 2)) return;
    let j = i + 3;
    let from = t.toks[i + 2].v;
    if (t.isId(j, 'from')) {
      const s = j + 1;
      j = t.skipPath(s);
      from = t.text(s, j);
    }
    if (!t.isId(j, 'with')) return;
    const r = t.parseAssigns(j + 1, new Set(['end']));
    for (const it of r.items) {
      if (kind === 'pipeline' ? it.key === 'delay' : NS_KEYS.has(it.key)) this.convert(it.vs, it.ve, `${t.toks[i].v} ${kind} ${from} with "${it.key}"`);
    }
    this.protectedRanges.push([j, r.end]);
  }

  /** a connector's `config` record at i: NS_KEYS at any depth */
  private walkConfig(i: number, ctype: string): void {
    const { t } = this;
    const rec = t.parseRecord(i);
    if (!rec) return;
    for (const e of rec.entries) {
      if (e.key !== null && NS_KEYS.has(e.key) && !(t.isP(e.vs, '{') || t.isP(e.vs, '['))) this.convert(e.vs, e.ve, `${ctype} connector config "${e.key}"`);
      else if (t.isP(e.vs, '{')) this.walkConfig(e.vs, ctype);
      else if (t.isP(e.vs, '[')) {
        for (let k = e.vs + 1; k < e.ve; k++) {
          if (!t.isP(k, '{')) continue;
          this.walkConfig(k, ctype);
          const r = t.parseRecord(k);
          if (r) k = r.end - 1;
        }
      }
    }
  }

  /** records an edit of tokens [a, b) unless it overlaps an earlier one */
  private addEdit(a: number, b: number, to: string, what: string): void {
    const s = this.t.toks[a].s;
    const e = this.t.toks[b - 1].e;
    if (this.edits.some((x) => s < x.e && x.s < e)) return;
    this.edits.push({ s, e, to, what, from: this.src.slice(s, e), line: this.t.lineOf(s) });
  }

  /** a nanos::from_<unit>(…) call as milliseconds */
  private callToMs(c: NanosCall): string {
    const { t } = this;
    const factor = NS_PER[c.unit];
    if (c.argEnd - c.argStart === 1 && t.toks[c.argStart].k === 'num') {
      const r = parseNumLit(t.toks[c.argStart].v);
      if (r) return fmtRational(r.num * factor, r.den * NS_PER_MS);
    }
    const arg = t.text(c.argStart, c.argEnd);
    if (factor === NS_PER_MS) return `(${arg})`;
    if (factor > NS_PER_MS) return `(${arg}) * ${factor / NS_PER_MS}`;
    return `(${arg}) / ${NS_PER_MS / factor}`;
  }

  /** converts the duration expression of tokens [vs, ve) */
  private convert(vs: number | null, ve: number | null, what: string): void {
    const { t } = this;
    if (vs === null || ve === null || vs >= ve) return;
    const first = t.toks[vs];
    if (ve - vs === 1 && first.k === 'num') {
      const r = parseNumLit(first.v);
      if (r) this.addEdit(vs, ve, fmtRational(r.num, r.den * NS_PER_MS), what);
      return;
    }
    const call = t.matchCall(vs);
    if (call && call.end === ve) {
      this.addEdit(vs, ve, this.callToMs(call), what);
      return;
    }
    if (first.k === 'str' || first.k === 'test' || (first.k === 'p' && '{['.includes(first.v))) return; // not a duration
    if (t.toks.slice(vs, ve).every((x) => x.k === 'id' || (x.k === 'p' && (x.v === '.' || x.v === '::')))) {
      this.notes.push(`line ${t.lineOf(first.s)}: ${what} = ${t.text(vs, ve)} left as is (not a literal; its source is rewritten where it is a literal)`);
      return;
    }
    let found = false;
    for (let k = vs; k < ve; k++) {
      const c = t.matchCall(k);
      if (c && c.end <= ve) {
        this.addEdit(k, c.end, this.callToMs(c), `${what} (part)`);
        found = true;
        k = c.end - 1;
      }
    }
    if (found) {
      this.notes.push(`line ${t.lineOf(first.s)}: ${what} = ${t.text(vs, ve)}: only its nanos:: calls were converted`);
      return;
    }
    this.addEdit(vs, ve, `(${t.text(vs, ve)}) / 1000000`, `${what} (expression)`);
  }
}

/** a rewrite in a file of a test folder */
export interface FileRewrite extends Rewrite {
  file: string;
}

/** rewrites every *.troy of a test folder (recursively) and its lib/ modules; writes them when `write` */
export function rewriteFolder(dir: string, write: boolean): { rewrites: FileRewrite[]; notes: string[] } {
  const files = walkFiles(dir)
    .map((f) => path.relative(dir, f).split(path.sep).join('/'))
    .filter((f) => /\.troy$/i.test(f) || (/^lib\//.test(f) && /\.(tremor|troy|trickle)$/i.test(f)))
    .sort();
  const rewrites: FileRewrite[] = [];
  const notes: string[] = [];
  for (const f of files) {
    const src = fs.readFileSync(path.join(dir, f), 'utf8');
    const r = rewriteDurations(src);
    for (const x of r.rewrites) rewrites.push({ file: f, ...x });
    for (const n of r.notes) notes.push(`${f}: ${n}`);
    if (write && r.text !== src) fs.writeFileSync(path.join(dir, f), r.text);
  }
  return { rewrites, notes };
}
