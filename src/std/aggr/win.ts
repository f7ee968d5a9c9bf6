/**
 * `aggr::win::*`: first, last, collect_flattened, collect_nested (reference §7).
 */
import type { Value } from '../../runtime/value.js';
import type { Accumulator, AggrFn } from './registry.js';

class First implements Accumulator {
  v: Value | undefined = undefined;
  accumulate(args: Value[]): void {
    if (this.v === undefined) this.v = args[0];
  }
  emit(): Value {
    return this.v === undefined ? null : this.v;
  }
  merge(o: Accumulator): void {
    const x = (o as First).v;
    if (this.v === undefined && x !== undefined) this.v = x;
  }
}

class Last implements Accumulator {
  v: Value | undefined = undefined;
  accumulate(args: Value[]): void {
    this.v = args[0];
  }
  emit(): Value {
    return this.v === undefined ? null : this.v;
  }
  merge(o: Accumulator): void {
    const x = (o as Last).v;
    if (x !== undefined) this.v = x;
  }
}

class Collect implements Accumulator {
  items: Value[] = [];
  constructor(private readonly nested: boolean) {}
  accumulate(args: Value[]): void {
    this.items.push(args[0]);
  }
  emit(): Value {
    return this.items.slice();
  }
  merge(o: Accumulator): void {
    const x = (o as Collect).items;
    if (this.nested) this.items.push(x.slice());
    else for (const v of x) this.items.push(v);
  }
}

const def = (name: string, init: () => Accumulator): AggrFn => ({ fullName: `win::${name}`, minArity: 1, maxArity: 1, init });

export const win: Readonly<Record<string, AggrFn>> = Object.freeze({
  first: def('first', () => new First()),
  last: def('last', () => new Last()),
  collect_flattened: def('collect_flattened', () => new Collect(false)),
  collect_nested: def('collect_nested', () => new Collect(true)),
});
