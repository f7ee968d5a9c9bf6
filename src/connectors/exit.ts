/**
 * exit: ends the deployment with the first event it receives (DECISIONS.md).
 *
 * Config (optional):
 *   delay     milliseconds to wait before stopping (default 0)
 *   graceful  drain the flows before stopping (default true)
 *
 * The event may override both with its own `delay` (milliseconds) and `graceful` fields. The
 * process exit status is the event's `exit` field when it is an integer 0–255, else 0. Later
 * events are ignored. Draining is bounded by the runtime (5 s by default).
 *
 * ```tremor
 * define connector stop from exit
 * with
 *   config = {"delay": 100}
 * end;
 * ```
 */
import { Writable } from 'node:stream';
import { isInt, isNumber, isRecord, toF64, type Rec, type Value } from '../runtime/value.js';
import { bool, ConfigError, schema } from '../runtime/schema.js';
import type { ConnectorType, PortEvent } from './connector.js';
import { duration, owner } from './config-fields.js';
import { ackTx } from '../runtime/tx.js';

export interface ExitConfig {
  delay: number;
  graceful: boolean;
}

function delayOf(v: Value, where: string): number {
  if (!isNumber(v) || toF64(v) < 0) throw new ConfigError(`The exit \`delay\` ${where} must be a non-negative number of milliseconds`);
  return toF64(v);
}

/** what one event asks for: exit status, delay, graceful */
export function exitRequest(data: Value, config: ExitConfig): { code: number; delay: number; graceful: boolean } {
  const r: Rec = isRecord(data) ? data : {};
  const code = isInt(r.exit) && Number(r.exit) >= 0 && Number(r.exit) <= 255 ? Number(r.exit) : 0;
  let delay = config.delay;
  if (r.delay !== undefined) {
    try {
      delay = delayOf(r.delay, 'of the event');
    } catch {
      delay = config.delay;
    }
  }
  const graceful = typeof r.graceful === 'boolean' ? r.graceful : config.graceful;
  return { code, delay, graceful };
}

const CONFIG = schema({
  delay: duration('milliseconds', { default: 0, doc: 'wait this long before stopping (an event may say otherwise)' }),
  graceful: bool({ default: true, doc: 'drain the flow before stopping (an event may say otherwise)' }),
});

export const exit: ConnectorType<ExitConfig> = {
  name: 'exit',
  summary: 'stops the deployment with the first event',
  codec: 'none',
  outputs: () => [],
  inputs: () => ['in'],
  config: CONFIG,
  validate(config: Value): ExitConfig {
    const c = CONFIG.read(owner('exit'), config) as { delay: number; graceful: boolean };
    return { delay: c.delay, graceful: c.graceful };
  },
  create(ctx, config) {
    let fired = false;
    const sink = new Writable({
      objectMode: true,
      highWaterMark: ctx.highWaterMark,
      write(chunk: PortEvent, _enc, cb) {
        if (!fired) {
          fired = true;
          const req = exitRequest(chunk.event.data, config);
          const go = () => ctx.exit(req.code, req.graceful);
          if (req.delay > 0) ctx.clock.setTimer(go, req.delay);
          else go();
        }
        ackTx(chunk.event.tx);
        cb();
      },
    });
    return { sink };
  },
};
