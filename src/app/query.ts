/**
 * `query(text, options)`: a trickle query as a ready object-mode Transform, in one call, as
 * `zlib.createGzip()` is. Values in, the values of port `out` out; `{ports: true}` emits
 * `{port, value}` for every port (`err` included); `{events: true}` takes `Event`s and emits
 * arrays of `{port, event}` (the runtime's own form). A query that does not compile throws
 * `CompileError` at once, with positioned diagnostics (`render` prints them).
 *
 * ```ts
 * import { query } from 'tremor-stream';
 * const q = query('select event.a from in where event.a > 1 into out');
 * q.on('data', (v) => console.log(v));
 * q.write({ a: 2 }); // 2
 * ```
 */
import { compileQuery } from '../lang/query/compile.js';
import { FsLoader } from '../lang/fsloader.js';
import type { ModuleLoader } from '../lang/scope.js';
import { QueryStream } from '../stream/query-stream.js';
import type { Value } from '../runtime/value.js';
import { optionsArg, textArg } from './args.js';

export interface QueryCallOptions {
  /** emit `{port, value}` for every port instead of `out`'s values */
  ports?: boolean;
  /** take `Event`s and emit arrays of `{port, event}` */
  events?: boolean;
  /** the query's `args` */
  args?: Record<string, Value>;
  /** folders searched for `use`d modules (the bundled library is always searched) */
  path?: string[];
  /** or a loader of your own */
  loader?: ModuleLoader;
  /** chunks buffered on each side (default 16) */
  highWaterMark?: number;
  /** runtime errors (a TremorError with a positioned diagnostic); default: the 'warning' event */
  onError?: (e: unknown) => void;
  /** tick interval for time windows, ms (default 100; 0: none) */
  tickMs?: number;
  /** emit open windows at the end (default true) */
  flush?: boolean;
}

const KNOWN = ['ports', 'events', 'args', 'path', 'loader', 'highWaterMark', 'onError', 'tickMs', 'flush'] as const;

export function query(text: string, options?: QueryCallOptions): QueryStream {
  const q = textArg('query(text, options)', 'the query text', text);
  const o = optionsArg<QueryCallOptions>('query(text, options)', options, KNOWN);
  if (o.ports && o.events) throw new TypeError('query(text, options): `ports` and `events` exclude each other');
  const loader = o.loader ?? new FsLoader({ paths: o.path ?? [] });
  const { plan } = compileQuery(q, { loader, args: o.args ?? {} });
  return new QueryStream(plan, {
    values: !o.events,
    ports: o.ports ?? false,
    highWaterMark: o.highWaterMark,
    onError: o.onError,
    tickMs: o.tickMs,
    flush: o.flush,
  });
}
