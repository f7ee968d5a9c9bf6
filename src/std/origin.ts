/**
 * tremor::origin (reference §8.12): the event's origin URI from the evaluation context, or
 * `null` when the event has none. The path is an array of segments, as the conformance case
 * scripts/origin expects.
 */
import type { Origin } from '../runtime/origin.js';
import type { Value } from '../runtime/value.js';
import { fn, module, type EvalCtx, type StdFn, type StdModule } from './registry.js';

/** `scheme://host[:port][/seg/seg]`, Tremor's `EventOriginUri` display form */
export function uriString(o: Origin): string {
  let s = `${o.scheme}://${o.host}`;
  if (o.port !== null) s += `:${o.port}`;
  if (o.path.length > 0) s += '/' + o.path.join('/');
  return s;
}

function part(name: string, get: (o: Origin) => Value): StdFn {
  return fn(`origin::${name}`, (ctx: EvalCtx) => (ctx.origin ? get(ctx.origin) : null), { ctx: true });
}

export const origin: StdModule = module([
  part('as_uri_string', uriString),
  part('as_uri_record', (o) => ({ scheme: o.scheme, host: o.host, port: o.port, path: [...o.path] })),
  part('scheme', (o) => o.scheme),
  part('host', (o) => o.host),
  part('port', (o) => o.port),
  part('path', (o) => [...o.path]),
]);
