/**
 * null and discard: connectors for development and tests.
 *
 * `null` has both parts: its source ends at once (no events), its sink accepts and drops
 * everything. `discard` is only the sink. Neither takes configuration (any key is an error);
 * a codec may be given and is not used, as nothing is encoded or decoded. `null` is a
 * keyword of the language, so the type name is quoted with backticks:
 *
 * ```tremor
 * define connector blackhole from `null`;
 * define connector sink from discard
 * with
 *   codec = "json"
 * end;
 * ```
 */
import { Readable, Writable } from 'node:stream';
import type { Value } from '../runtime/value.js';
import { schema } from '../runtime/schema.js';
import type { ConnectorContext, ConnectorInstance, ConnectorType, PortEvent } from './connector.js';
import { owner } from './config-fields.js';
import { ackTx } from '../runtime/tx.js';

export type NullConfig = Record<string, never>;

/**
 * a sink that drops every event as soon as it arrives (it never applies backpressure); it acks
 * them, as Tremor's null sink does (an auto-ack sink)
 */
export class DiscardSink extends Writable {
  constructor(ctx: Pick<ConnectorContext, 'highWaterMark'>) {
    super({ objectMode: true, highWaterMark: ctx.highWaterMark });
  }

  override _write(chunk: PortEvent, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    ackTx(chunk.event.tx);
    cb();
  }

  override _writev(chunks: { chunk: PortEvent }[], cb: (e?: Error | null) => void): void {
    for (const c of chunks) ackTx(c.chunk.event.tx);
    cb();
  }
}

/** a source with nothing to say: it ends when first read */
export class EmptySource extends Readable {
  constructor(ctx: Pick<ConnectorContext, 'highWaterMark'>) {
    super({ objectMode: true, highWaterMark: ctx.highWaterMark });
  }

  override _read(): void {
    this.push(null);
  }
}

const CONFIG = schema({});

function validate(type: string): (config: Value) => NullConfig {
  return (config) => {
    CONFIG.read(owner(type), config);
    return {};
  };
}

export const nullConnector: ConnectorType<NullConfig> = {
  name: 'null',
  summary: 'a source that ends at once and a sink that drops everything',
  codec: 'optional',
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  config: CONFIG,
  validate: validate('null'),
  create(ctx): ConnectorInstance {
    const source = new EmptySource(ctx);
    return {
      source,
      sink: new DiscardSink(ctx),
      // the source may not have been read yet: stopping ends it all the same
      stop: async () => {
        if (!source.destroyed) source.push(null);
      },
    };
  },
};

export const discard: ConnectorType<NullConfig> = {
  name: 'discard',
  summary: 'a sink that drops everything',
  codec: 'optional',
  outputs: () => [],
  inputs: () => ['in'],
  config: CONFIG,
  validate: validate('discard'),
  create: (ctx): ConnectorInstance => ({ sink: new DiscardSink(ctx) }),
};
