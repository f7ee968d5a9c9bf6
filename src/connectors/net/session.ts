/**
 * One connection of a socket connector (tcp, unix socket, websocket), whatever carries it:
 * the transport is a `Wire`, and a `Session` gives it what every connection has — a decoder
 * feeding the connector's source and an encoder for what the sink writes to it. Each
 * connection is a stream of its own: codecs and interceptors keep state per connection, and
 * its close flushes what its decoder still holds (a last line without separator).
 */
import type { Origin } from '../../runtime/origin.js';
import type { Rec } from '../../runtime/value.js';
import type { ConnectorContext } from '../connector.js';
import { EventDecoder, EventEncoder } from '../framing.js';
import type { EventQueue, Pausable } from './event-queue.js';

/** a transport: a net.Socket or a websocket, adapted (socket-wire.ts, ws-wire.ts) */
export interface Wire extends Pausable {
  /** can still be written to */
  readonly writable: boolean;
  /**
   * writes one event's chunks; a promise when the writer should wait before more. The writes
   * of one turn of the event loop may be held until it ends and go out together; `now`: an
   * event that is answered once written (a transactional source's) goes out at once.
   */
  write(chunks: Uint8Array[], meta: Rec, now?: boolean): Promise<void> | null;
  /** bytes written and not yet handed to the OS: the connection's output queue (outbox.ts bounds it) */
  queued(): number;
  /** ends the connection after what was written; resolves once it is closed */
  end(): Promise<void>;
  destroy(): void;
  /** what arrives: each chunk read (`binary`: a binary websocket message), the error that ends it, the close */
  listen(on: { data(chunk: Uint8Array, binary: boolean): void; error(e: Error): void; close(): void }): void;
}

/** one open connection as a sink sees it */
export interface Conn {
  readonly encoder: EventEncoder;
  /** writes the chunks of one event; a promise when the writer should wait before more (`now`: see Wire) */
  send(chunks: Uint8Array[], meta: Rec, now?: boolean): Promise<void> | null;
}

/** one connection as the server and client parts see it */
export interface Link extends Conn {
  /** flushes the encoder and closes the connection; resolves once that is done */
  finish(): Promise<void>;
  destroy(): void;
}

export class Session implements Link {
  readonly encoder: EventEncoder;
  private readonly decoder: EventDecoder;
  /** the last message read was binary: its events carry `$binary = true` */
  private binary = false;

  constructor(
    ctx: ConnectorContext,
    readonly wire: Wire,
    meta: () => Rec,
    origin: Origin,
    /** the most bytes one read hands to the decoder (Tremor's `buf_size`); none: what arrives */
    private readonly readSize?: number,
  ) {
    this.encoder = new EventEncoder(ctx);
    this.decoder = new EventDecoder(ctx, {
      origin,
      meta: () => {
        const m = meta();
        if (this.binary) m.binary = true;
        return m;
      },
    });
  }

  send(chunks: Uint8Array[], meta: Rec, now = false): Promise<void> | null {
    return this.wire.writable && chunks.length > 0 ? this.wire.write(chunks, meta, now) : null;
  }

  finish(): Promise<void> {
    try {
      this.send(this.encoder.finish(), {});
    } catch {
      // a postprocessor that cannot flush loses its tail; the connection still closes
    }
    return this.wire.end();
  }

  destroy(): void {
    this.wire.destroy();
  }

  /** reads into `source` until the connection closes, then flushes the decoder */
  attach(source: EventQueue, closed: (why?: string) => void): void {
    let why: string | undefined;
    this.wire.listen({
      data: (chunk, binary) => {
        this.binary = binary;
        const size = this.readSize;
        if (size === undefined || chunk.length <= size) return source.deliver(this.decoder.decode(chunk), this.wire);
        // as Tremor reads a stream into a buffer of `buf_size`: each piece is one chunk for
        // the preprocessors (without `separate`, a longer message becomes several events)
        for (let at = 0; at < chunk.length; at += size) source.deliver(this.decoder.decode(chunk.subarray(at, at + size)), this.wire);
      },
      error: (e) => (why = e.message),
      close: () => {
        source.deliver(this.decoder.finish());
        source.forget(this.wire);
        closed(why);
      },
    });
  }
}
