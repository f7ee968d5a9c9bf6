/**
 * std::binary (reference §8.7): binaries are `Uint8Array`s; `from_bytes` accepts only
 * integers 0–255.
 */
import type { Value } from '../runtime/value.js';
import { badType, fn, module, type StdModule } from './registry.js';

function bin(v: Value, f: string): Uint8Array {
  return v instanceof Uint8Array ? v : badType(f, 1);
}

function fromBytes(v: Value): Value {
  const f = 'binary::from_bytes';
  if (!Array.isArray(v)) return badType(f, 1);
  const out = new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const b = v[i];
    if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b > 255) return badType(f, 1);
    out[i] = b;
  }
  return out;
}

export const binary: StdModule = module([
  fn('binary::len', (b: Value) => bin(b, 'binary::len').length),
  fn('binary::from_bytes', fromBytes),
  fn('binary::into_bytes', (b: Value) => Array.from(bin(b, 'binary::into_bytes'))),
]);
