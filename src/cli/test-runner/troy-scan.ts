/**
 * Navigation over the tokens of one troy / tremor source (tokens.ts) for the duration rewrites:
 * identifiers and punctuation at an index, module paths, the extent of an expression, `key =
 * expr` lists (`args …`, `with …`), record literals and `nanos::from_<unit>(…)` calls.
 */
import { tokenize, type Token } from './tokens.js';

/** `key = expr` (vs/ve: the expression's token range, null for a bare `key`) */
export interface Assign {
  key: string;
  vs: number | null;
  ve: number | null;
}

/** a `"key": expr` entry of a record literal (key null when not a plain string) */
export interface RecordEntry {
  key: string | null;
  vs: number;
  ve: number;
}

/** `[path::]nanos::from_<unit>(args)`: the argument's token range and the end of the call */
export interface NanosCall {
  unit: string;
  argStart: number;
  argEnd: number;
  end: number;
}

const UNITS = /^from_(weeks|days|hours|minutes|seconds|millis|micros|nanos)$/;

export class TroyScan {
  readonly toks: Token[];
  /** names of std::time::nanos in this source (`use std::time::nanos as X`) */
  readonly aliases = new Set(['nanos']);

  constructor(readonly src: string) {
    this.toks = tokenize(src);
    for (let i = 0; i < this.toks.length; i++) {
      if (this.isId(i, 'use') && this.isId(i + 1, 'std') && this.isP(i + 2, '::') && this.isId(i + 3, 'time') && this.isP(i + 4, '::') && this.isId(i + 5, 'nanos') && this.isId(i + 6, 'as') && this.isId(i + 7)) {
        this.aliases.add(this.toks[i + 7].v);
      }
    }
  }

  isId(i: number, v?: string): boolean {
    const t = this.toks[i];
    return !!t && t.k === 'id' && (v === undefined || t.v === v);
  }

  isP(i: number | null, v: string): boolean {
    if (i === null) return false;
    const t = this.toks[i];
    return !!t && t.k === 'p' && t.v === v;
  }

  /** source text of tokens [a, b) */
  text(a: number, b: number): string {
    return a < b ? this.src.slice(this.toks[a].s, this.toks[b - 1].e) : '';
  }

  /** 1-based line of an offset */
  lineOf(off: number): number {
    return this.src.slice(0, off).split('\n').length;
  }

  /** after a module path `a::b::c` starting at i */
  skipPath(i: number): number {
    if (!this.isId(i)) return i;
    let j = i + 1;
    while (this.isP(j, '::') && this.isId(j + 1)) j += 2;
    return j;
  }

  /**
   * The end (exclusive) of an expression starting at i: a stop word or stop punctuation at
   * depth 0, an unmatched closer, or ';'.
   */
  scanExpr(from: number, stopIds: ReadonlySet<string>, stopP: ReadonlySet<string>): number {
    const stack: string[] = [];
    let i = from;
    while (i < this.toks.length) {
      const t = this.toks[i];
      const top = stack[stack.length - 1];
      if (t.k === 'p') {
        if ('([{'.includes(t.v)) stack.push(t.v);
        else if (')]}'.includes(t.v)) {
          if (!stack.length) return i;
          stack.pop();
        } else if (!stack.length && (stopP.has(t.v) || t.v === ';')) return i;
      } else if (t.k === 'id') {
        if (t.v === 'match' || t.v === 'for' || t.v === 'patch') stack.push(t.v);
        else if (t.v === 'merge') {
          if (top !== 'patch') stack.push('merge');
        } else if (t.v === 'end') {
          if (!stack.length) return i;
          if (!'([{'.includes(top)) stack.pop();
        } else if (!stack.length && stopIds.has(t.v)) return i;
      }
      i++;
    }
    return i;
  }

  /** `key [= expr], …` from i up to a stop word */
  parseAssigns(from: number, stopIds: ReadonlySet<string>): { items: Assign[]; end: number } {
    const items: Assign[] = [];
    let i = from;
    while (i < this.toks.length) {
      if (this.isP(i, ',')) {
        i++;
        continue;
      }
      const t = this.toks[i];
      if (this.isP(i, ';') || (t.k === 'id' && stopIds.has(t.v)) || t.k !== 'id') return { items, end: i };
      if (this.isP(i + 1, '=')) {
        const vs = i + 2;
        const ve = this.scanExpr(vs, stopIds, new Set([',']));
        items.push({ key: t.v, vs, ve });
        i = ve;
      } else {
        items.push({ key: t.v, vs: null, ve: null });
        i++;
      }
    }
    return { items, end: i };
  }

  /** the value of a plain string token (no heredoc, no interpolation), else null */
  strValue(t: Token): string | null {
    if (t.k !== 'str' || t.v.startsWith('"""') || t.v.includes('#{')) return null;
    try {
      return JSON.parse(t.v) as string;
    } catch {
      return null;
    }
  }

  /** toks[i] is '{': the record literal's entries and end, or null when it is not one */
  parseRecord(i: number): { entries: RecordEntry[]; end: number } | null {
    let j = i + 1;
    const entries: RecordEntry[] = [];
    if (this.isP(j, '}')) return { entries, end: j + 1 };
    for (;;) {
      const t = this.toks[j];
      if (t?.k !== 'str' || !this.isP(j + 1, ':')) return null;
      const vs = j + 2;
      const ve = this.scanExpr(vs, new Set(), new Set([',']));
      entries.push({ key: this.strValue(t), vs, ve });
      j = ve;
      if (this.isP(j, ',')) {
        j++;
        if (this.isP(j, '}')) return { entries, end: j + 1 };
        continue;
      }
      if (this.isP(j, '}')) return { entries, end: j + 1 };
      return null;
    }
  }

  /** `[path::]nanos::from_<unit>( … )` at i (nanos or one of its aliases), else null */
  matchCall(i: number): NanosCall | null {
    if (!this.isId(i)) return null;
    const segs = [this.toks[i].v];
    let j = i + 1;
    while (this.isP(j, '::') && this.isId(j + 1)) {
      segs.push(this.toks[j + 1].v);
      j += 2;
    }
    if (segs.length < 2 || !this.isP(j, '(')) return null;
    const m = UNITS.exec(segs[segs.length - 1]);
    if (!m || !this.aliases.has(segs[segs.length - 2])) return null;
    let depth = 0;
    let k = j;
    for (; k < this.toks.length; k++) {
      const t = this.toks[k];
      if (t.k !== 'p') continue;
      if ('([{'.includes(t.v)) depth++;
      else if (')]}'.includes(t.v) && --depth === 0) break;
    }
    return { unit: m[1], argStart: j + 1, argEnd: k, end: k + 1 };
  }
}
