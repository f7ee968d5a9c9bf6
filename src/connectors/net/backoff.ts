/**
 * The `reconnect` strategy of reference §2.3 as a configuration field, and `Backoff`, the
 * waits it gives a client between connection attempts.
 */
import { bool, ConfigError, field, int, num, schema } from '../../runtime/schema.js';
import { stringify } from '../../runtime/json.js';
import { isRecord, type Value } from '../../runtime/value.js';
import type { ConnectorContext } from '../connector.js';
import { optional } from '../config-fields.js';

export type Reconnect = { kind: 'none' } | { kind: 'retry'; intervalMs: number; growthRate: number; maxRetries: number; randomized: boolean };

const RETRY = schema({
  interval_ms: int({ min: 0, required: true, doc: 'the first wait, in milliseconds' }),
  growth_rate: num({ min: 0, exclusiveMin: true, default: 1.5, doc: 'each wait is the last one times this' }),
  max_retries: optional(int({ min: 0, doc: 'failed attempts before giving up (default: no limit)' })),
  randomized: bool({ default: true, doc: 'each wait uniform between the last one and the grown one' }),
}).field();

/** Tremor's `reconnect`: absent or `"none"`, or `{"retry": {interval_ms, growth_rate?, max_retries?, randomized?}}` */
export const reconnect = field(
  '"none" | {"retry": {…}}',
  (v, where): Reconnect => {
    if (v === null || v === 'none') return { kind: 'none' };
    if (!isRecord(v) || Object.keys(v).length !== 1 || v.retry === undefined) throw new ConfigError(`\`${where}\` must be "none" or {"retry": {"interval_ms": …}}, not ${stringify(v)}`, 'invalid', where);
    const r = RETRY.read(v.retry, `${where}.retry`);
    return { kind: 'retry', intervalMs: r.interval_ms, growthRate: r.growth_rate, maxRetries: r.max_retries ?? Infinity, randomized: r.randomized };
  },
  { default: { kind: 'none' } as Reconnect, tremor: '"none"', doc: 'how a lost or failed connection is retried: "none" or {"retry": {interval_ms, growth_rate, max_retries, randomized}}' },
);

/** reads a `reconnect` value on its own (tests, the connector-level `with reconnect`) */
export function reconnectConfig(type: string, v: Value | undefined): Reconnect {
  try {
    return reconnect.read(v ?? null, 'reconnect');
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(`Invalid configuration for a ${type} connector: ${e.message}`, e.kind, e.key);
    throw e;
  }
}

/**
 * The strategy a client uses: Tremor's connector-level `with reconnect = …` (ctx.reconnect)
 * when given, else the connector's `config.reconnect`, validated at deploy time.
 */
export function reconnectOf(ctx: ConnectorContext, type: string, configured: Reconnect): Reconnect {
  const given = ctx.reconnect;
  return given === undefined || given === null ? configured : reconnectConfig(type, given);
}

/**
 * The waits of a reconnect strategy, as Tremor computes them: `failed()` after an attempt
 * failed and `lost()` after a working connection broke give the wait before the next attempt,
 * or null to give up. `none` allows one attempt, 1 s after a loss; `retry` waits `interval_ms`,
 * then each wait is the last × growth_rate (randomized: uniform between the two), up to
 * `max_retries` failures since the last success.
 */
export class Backoff {
  private failures = 0;
  private last: number | null = null;

  constructor(
    private readonly strategy: Reconnect,
    private readonly random: () => number = Math.random,
  ) {}

  failed(): number | null {
    this.failures++;
    return this.next();
  }

  lost(): number | null {
    return this.next();
  }

  succeeded(): void {
    this.failures = 0;
    this.last = null;
  }

  private next(): number | null {
    const s = this.strategy;
    if (s.kind === 'none') return this.failures === 0 ? 1000 : null;
    if (this.failures >= s.maxRetries) return null;
    const prev = this.last;
    let wait = s.intervalMs;
    if (prev !== null) {
      const grown = Math.floor(prev * s.growthRate);
      const [lo, hi] = grown >= prev ? [prev, grown] : [grown, prev];
      wait = s.randomized ? lo + Math.floor(this.random() * (hi - lo + 1)) : grown;
    }
    this.last = wait;
    return wait;
  }
}
