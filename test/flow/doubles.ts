/** Connector types for flow tests: a counting source and a recording sink. */
import { Readable, Writable } from 'node:stream';
import type { ConnectorContext, ConnectorType, PortEvent } from '../../src/connectors/connector.js';
import { connectorTypes } from '../../src/connectors/registry.js';
import { newEvent } from '../../src/runtime/event.js';
import { int, schema } from '../../src/runtime/schema.js';
import type { Value } from '../../src/runtime/value.js';

export interface Probe {
  produced: number;
  received: Value[];
  order: string[];
  maxBacklog: number;
}

export function probe(): Probe {
  return { produced: 0, received: [], order: [], maxBacklog: 0 };
}

/** `count` events as fast as the consumer allows (config {"n": N}), then ends */
export function countSource(p: Probe): ConnectorType<number> {
  return {
    name: 'test_count',
    summary: 'test source',
    codec: 'none',
    outputs: () => ['out', 'err'],
    inputs: () => [],
    config: schema({ n: int({ default: 10 }) }),
    validate: (c: any) => (c && typeof c.n === 'number' ? c.n : 10),
    create: (ctx, n) => {
      let i = 0;
      const source = new Readable({
        objectMode: true,
        highWaterMark: ctx.highWaterMark,
        read() {
          while (i < n) {
            p.produced++;
            const more = this.push({ port: 'out', event: newEvent(i, i, i) } satisfies PortEvent);
            i++;
            if (!more) return;
          }
          this.push(null);
        },
      });
      return { source, start: async () => void p.order.push(`start ${ctx.alias}`) };
    },
  };
}

/** records what it gets; config {"delay": ms} makes it slow */
export function recordSink(p: Probe): ConnectorType<number> {
  return {
    name: 'test_record',
    summary: 'test sink',
    codec: 'none',
    outputs: () => [],
    inputs: () => ['in'],
    config: schema({ delay: int({ default: 0 }) }),
    validate: (c: any) => (c && typeof c.delay === 'number' ? c.delay : 0),
    create: (ctx, delay) => {
      const sink = new Writable({
        objectMode: true,
        highWaterMark: ctx.highWaterMark,
        write(c: PortEvent, _e, cb) {
          p.received.push(c.event.data);
          p.maxBacklog = Math.max(p.maxBacklog, p.produced - p.received.length);
          if (delay > 0) setTimeout(cb, delay);
          else cb();
        },
      });
      return { sink, start: async () => void p.order.push(`start ${ctx.alias}`) };
    },
  };
}

export function typesWith(p: Probe): Map<string, ConnectorType<any>> {
  const m = new Map(connectorTypes);
  for (const t of [countSource(p), recordSink(p)]) m.set(t.name, t);
  return m;
}

/** a sink connector type `name` (no configuration) that hands each event to `write` */
export function sinkType(name: string, write: (pe: PortEvent, ctx: ConnectorContext, done: () => void) => void): ConnectorType<null> {
  return {
    name,
    summary: 'test sink',
    codec: 'none',
    outputs: () => [],
    inputs: () => ['in'],
    config: schema({}),
    validate: () => null,
    create: (ctx) => ({
      sink: new Writable({ objectMode: true, highWaterMark: ctx.highWaterMark, write: (c: PortEvent, _e, cb) => write(c, ctx, () => cb()) }),
    }),
  };
}
