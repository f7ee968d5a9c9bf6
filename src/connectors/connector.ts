/**
 * What a connector is. A connector *type* (metronome, file, …) validates its configuration
 * when a deployment is compiled and creates *instances* when the flow starts. An instance has
 * a source part — an object-mode Readable of `{port, event}` (ports `out` and `err`) — and/or
 * a sink part — an object-mode Writable of `{port, event}` (port `in`, or the type's own input
 * ports). Both are plain Node streams: `highWaterMark` bounds their buffers and
 * `push()`/`write()` return values carry backpressure end to end (src/flow/router.ts). A
 * source may also push a batch, an array of `{port, event}` meaning the same events one after
 * another, and a sink that says `takesBatches` is written batches (chunk.ts).
 *
 * Lifecycle hooks have no-op defaults: `start` resolves once the instance is ready (a file
 * opened, a server listening); sinks start before the sources that reach them. `stop` ends
 * a source (the flow then drains); sinks end when every upstream link has ended.
 */
import type { Readable, Writable } from 'node:stream';
import type { Diagnostic } from '../base/diagnostics.js';
import type { Event } from '../runtime/event.js';
import type { Schema } from '../runtime/schema.js';
import type { Value } from '../runtime/value.js';
import type { Clock } from '../base/clock.js';
import type { Named } from '../codecs/codec.js';
import type { MetricsBus } from './metrics-bus.js';

export interface PortEvent {
  port: string;
  event: Event;
}

/**
 * thrown by `validate` for a bad configuration (the schema's): the message names the key;
 * `kind` 'unknown' (an unknown key, D007 at deploy) or 'missing' / 'invalid' (D008)
 */
import { ConfigError } from '../runtime/schema.js';
export { ConfigError };

/** the deploy code of a configuration error: D007 for an unknown key, D008 for the rest */
export function configErrorCode(e: ConfigError): 'D007' | 'D008' {
  return e.kind === 'unknown' ? 'D007' : 'D008';
}

export interface ConnectorContext {
  /** `flow::alias` */
  readonly id: string;
  readonly alias: string;
  readonly clock: Clock;
  readonly codec: Named | null;
  readonly preprocessors: Named[];
  readonly postprocessors: Named[];
  /** the troy `with reconnect = …` record (reference §2.3), or null */
  readonly reconnect?: Value;
  /** buffer sizes of the instance's streams, in events */
  readonly highWaterMark: number;
  /** the deployment's metrics channel (the `metrics` connector reads and writes it) */
  readonly metrics?: MetricsBus;
  /** reports a problem that does not stop the flow (stderr by default) */
  report(d: Diagnostic | string): void;
  /** asks the runtime to stop everything (draining first when `graceful`), then exit with `code` */
  exit(code: number, graceful?: boolean): void;
  /**
   * the sink's circuit breaker (flow/breakers.ts): open (true) when it cannot deliver, so the
   * sources feeding it pause; closed (false) when it can again
   */
  breaker?(open: boolean): void;
  /** bytes read and written through the connector's codec (kept when the control API is on) */
  readonly bytes?: ByteCounts;
}

/** bytes a connector decoded (`in`) and encoded (`out`) */
export interface ByteCounts {
  in: number;
  out: number;
}

export interface ConnectorInstance {
  readonly source?: Readable;
  readonly sink?: Writable;
  start?(): Promise<void>;
  /** stop producing: the source ends (draining what it already produced) */
  stop?(): Promise<void>;
  /**
   * the source only answers what the sink receives (kv, http_client): it originates nothing,
   * so a flow where it sits on a cycle can be ended once the rest is quiet (flow/cycles.ts)
   */
  readonly replies?: boolean;
  /** false while work is in flight that no stream buffer shows (a request under way) */
  idle?(): boolean;
  /**
   * a server's first half of `start`: bind and listen, and hold what connects until `start`
   * reads it. The flow calls it before starting anything, so that a client of the same flow
   * finds the server listening (no refused first connection) while the server's source still
   * starts reading only after the sinks have started.
   */
  listen?(): Promise<void>;
  /** how far a finite source has read (a file: bytes of its size, events decoded) */
  progress?(): { done: number; total: number; events: number };
}

export interface ConnectorType<C = unknown> {
  readonly name: string;
  /** a one-line summary for error messages and `--help` */
  readonly summary: string;
  /** whether a codec must, may or must not be given */
  readonly codec: 'required' | 'optional' | 'none';
  /**
   * the keys of `with config = …`: strict (unknown keys are errors, as Tremor's
   * deny_unknown_fields), with their defaults and docs; the README's tables come from it
   */
  readonly config: Schema<any>;
  /** the output ports this configuration offers (empty: no source part) */
  outputs(config: C): string[];
  /** the input ports this configuration accepts (empty: no sink part) */
  inputs(config: C): string[];
  /** reads `config` (from `with config = …`) through `config`; throws ConfigError */
  validate(config: Value): C;
  create(ctx: ConnectorContext, config: C): ConnectorInstance;
}
