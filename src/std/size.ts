/**
 * std::size (reference §8.8): `kiB(n)` … `EiB(n)` are `n * 1024^k`, computed with Tremor's
 * `*` (as the Tremor-defined functions do), so integers stay exact, floats stay floats and
 * an integer result beyond u64 is an overflow error.
 */
import { mul } from '../runtime/arith.js';
import { isNumber, type Value } from '../runtime/value.js';
import { badType, fn, module, type StdModule, type StdFn } from './registry.js';

const UNITS = ['kiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

function unit(name: string, power: number): StdFn {
  const f = `size::${name}`;
  return fn(f, (n: Value) => {
    if (!isNumber(n)) return badType(f, 1);
    let r: Value = n;
    for (let i = 0; i < power; i++) r = mul(r, 1024, -1);
    return r;
  });
}

export const size: StdModule = module(UNITS.map((u, i) => unit(u, i + 1)));
