/**
 * `script(text, options)`: a tremor-script as a function, in one call. Calling it runs the
 * script on one event and returns its value (undefined when it `drop`s the event); `state`
 * carries over from call to call, as in a pipeline's script. `.run(event, {meta})` returns
 * everything: the value, the port it was emitted to, the event and metadata as the script
 * left them, and the state.
 *
 * ```ts
 * import { script } from 'tremor-stream';
 * const f = script('match event of case %{ n > 1 } => "big" case _ => "small" end');
 * f({ n: 2 }); // "big"
 * ```
 */
import { compileScript, type CompiledScript } from '../lang/script.js';
import { FsLoader } from '../lang/fsloader.js';
import type { ModuleLoader } from '../lang/scope.js';
import { newContext } from '../runtime/context.js';
import type { Rec, Value } from '../runtime/value.js';
import { wallClockNs } from '../base/wallclock.js';
import { optionsArg, textArg } from './args.js';

export interface ScriptCallOptions {
  /** the script's `args` */
  args?: Record<string, Value>;
  /** the initial `state` (default null) */
  state?: Value;
  path?: string[];
  loader?: ModuleLoader;
}

export interface ScriptRun {
  /** the script's value; undefined when it dropped the event */
  value: Value | undefined;
  dropped: boolean;
  /** `out`, or the port of `emit … => "port"` */
  port: string;
  /** the event and its metadata (`$`) as the script left them */
  event: Value;
  meta: Rec;
}

export interface ScriptFunction {
  (event: Value, meta?: Rec): Value | undefined;
  run(event: Value, opts?: { meta?: Rec }): ScriptRun;
  /** the state the next call starts with */
  state: Value;
  readonly compiled: CompiledScript;
}

const KNOWN = ['args', 'state', 'path', 'loader'] as const;

export function script(text: string, options?: ScriptCallOptions): ScriptFunction {
  const t = textArg('script(text, options)', 'the script text', text);
  const o = optionsArg<ScriptCallOptions>('script(text, options)', options, KNOWN);
  const compiled = compileScript(t, { loader: o.loader ?? new FsLoader({ paths: o.path ?? [] }), args: o.args ?? {} });
  const run = (event: Value, opts: { meta?: Rec } = {}): ScriptRun => {
    if (event === undefined) throw new TypeError('script: expected an event (any JSON-like value), got undefined');
    const c = newContext();
    c.event = event;
    c.meta = opts.meta ?? {};
    c.state = f.state;
    c.ingestNs = wallClockNs();
    const value = compiled.run(c);
    f.state = c.state;
    return { value, dropped: value === undefined, port: c.port ?? 'out', event: c.event, meta: c.meta };
  };
  const f = ((event: Value, meta?: Rec) => run(event, { meta }).value) as ScriptFunction;
  f.run = run;
  f.state = o.state ?? null;
  Object.defineProperty(f, 'compiled', { value: compiled });
  return f;
}
