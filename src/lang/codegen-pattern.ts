/**
 * Code for `match` patterns (reference §5.4). A pattern test is a run of statements that
 * `break`s to the case's label when the subject does not match; when a binding needs it, the
 * test also builds the pattern's *result* (what `case x = pattern` binds): a record pattern
 * yields the projection of its present / extracted / nested keys, an array pattern the
 * `[index, result]` pairs of matching elements, a tuple pattern the per-position results.
 */
import type * as I from './ir.js';
import type { Emitter } from './emitter.js';
import { jsString } from './jsnames.js';

export class PatternGen {
  constructor(private readonly g: Emitter) {}

  /** emits the test of `pat` against the atom `subj`; returns the result atom when `need` */
  test(pat: I.Pat, subj: string, fail: string, need: boolean): string {
    // a number literal as the subject (`match 4 of …`): `4.length` would not parse
    if (/^[0-9]/.test(subj)) subj = `(${subj})`;
    const g = this.g;
    const p = g.p;
    switch (pat.k) {
      case 'any':
        return subj;
      case 'bind': {
        const r = this.test(pat.pat, subj, fail, true);
        p.line(`${g.local(pat.slot)} = ${r};`);
        return r;
      }
      case 'eq': {
        const v = g.emit(pat.value, true);
        p.line(`if (!${g.h('eq')}(${subj}, ${v})) break ${fail};`);
        return v;
      }
      case 'extract': {
        p.line(`if (typeof ${subj} !== "string") break ${fail};`);
        const r = g.let(`${g.k(pat.ex.test)}(${subj}, c)`);
        p.line(`if (${r} === undefined) break ${fail};`);
        return r;
      }
      case 'record':
        return this.record(pat, subj, fail, need);
      case 'array':
        return this.array(pat, subj, fail, need);
      case 'tuple': {
        const cmp = pat.open ? '<' : '!==';
        p.line(`if (!${g.h('isArray')}(${subj}) || ${subj}.length ${cmp} ${pat.elems.length}) break ${fail};`);
        const results = pat.elems.map((e, i) => {
          const el = g.let(`${subj}[${i}]`);
          return this.test(e, el, fail, need);
        });
        return need ? g.let(`[${results.join(', ')}]`) : subj;
      }
      default:
        return pat satisfies never;
    }
  }

  private record(pat: Extract<I.Pat, { k: 'record' }>, subj: string, fail: string, need: boolean): string {
    const g = this.g;
    const p = g.p;
    p.line(`if (!${g.h('isRecord')}(${subj})) break ${fail};`);
    const out = need ? g.let('{}') : null;
    for (const f of pat.fields) {
      const key = jsString(f.key);
      const has = `${g.h('hasKey')}(${subj}, ${key})`;
      switch (f.k) {
        case 'present':
          p.line(`if (!${has}) break ${fail};`);
          if (out) p.line(`${g.h('setKey')}(${out}, ${key}, ${subj}[${key}]);`);
          break;
        case 'absent':
          p.line(`if (${has}) break ${fail};`);
          break;
        case 'cmp': {
          p.line(`if (!${has}) break ${fail};`);
          const v = g.emit(f.value, true);
          const site = g.site(f.span);
          const test = f.op === '==' ? `${g.h('eq')}(${subj}[${key}], ${v})` : f.op === '!=' ? `!${g.h('eq')}(${subj}[${key}], ${v})` : `${g.h(CMP[f.op])}(${subj}[${key}], ${v}, ${site})`;
          p.line(`if (!(${test})) break ${fail};`);
          break;
        }
        case 'extract': {
          p.line(`if (!${has} || typeof ${subj}[${key}] !== "string") break ${fail};`);
          const r = g.let(`${g.k(f.ex.test)}(${subj}[${key}], c)`);
          p.line(`if (${r} === undefined) break ${fail};`);
          if (out) p.line(`${g.h('setKey')}(${out}, ${key}, ${r});`);
          break;
        }
        case 'nested': {
          p.line(`if (!${has}) break ${fail};`);
          const inner = g.let(`${subj}[${key}]`);
          const r = this.test(f.pat, inner, fail, need);
          if (out) p.line(`${g.h('setKey')}(${out}, ${key}, ${r});`);
          break;
        }
        default:
          f satisfies never;
      }
    }
    return out ?? subj;
  }

  /** `%[e1, …]`: every element pattern must match some element of the array */
  private array(pat: Extract<I.Pat, { k: 'array' }>, subj: string, fail: string, need: boolean): string {
    const g = this.g;
    const p = g.p;
    p.line(`if (!${g.h('isArray')}(${subj})) break ${fail};`);
    const out = need ? g.let('[]') : null;
    for (const e of pat.elems) {
      if (e.k === 'any') {
        p.line(`if (${subj}.length === 0) break ${fail};`);
        continue;
      }
      const found = g.tmp();
      const i = g.tmp();
      p.line(`let ${found} = false;`);
      p.nest(`for (let ${i} = 0; ${i} < ${subj}.length; ${i}++)`, () => {
        const miss = g.label();
        p.nest(`${miss}:`, () => {
          const el = g.let(`${subj}[${i}]`);
          const r = this.test(e, el, miss, need);
          p.line(`${found} = true;`);
          if (out) p.line(`${out}.push([${i}, ${r}]);`);
          else p.line(`break;`);
        });
      });
      p.line(`if (!${found}) break ${fail};`);
    }
    return out ?? subj;
  }
}

const CMP = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' } as const;
