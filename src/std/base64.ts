/**
 * std::base64 (reference §8.7): the standard alphabet with padding. Node's decoder skips
 * characters outside the alphabet silently, so input is validated first: Tremor reports
 * malformed base64 as an error.
 */
import { stringBytes, type Value } from '../runtime/value.js';
import { badType, fn, fnError, module, type StdModule } from './registry.js';

// groups of four, the last one possibly padded; a lone trailing character is never valid
const STRICT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

function encode(v: Value): Value {
  const bytes = typeof v === 'string' ? stringBytes(v) : v instanceof Uint8Array ? v : badType('base64::encode', 1);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function decode(v: Value): Value {
  const f = 'base64::decode';
  if (typeof v !== 'string') return badType(f, 1);
  if (!STRICT.test(v)) return fnError(f, 1, `Invalid base64 input: ${JSON.stringify(v)}`);
  return new Uint8Array(Buffer.from(v, 'base64'));
}

export const base64: StdModule = module([fn('base64::encode', encode), fn('base64::decode', decode)]);
