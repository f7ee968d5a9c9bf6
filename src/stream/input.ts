/**
 * The byte input of `query`: a file, or stdin, as a Readable that can be stopped (a signal)
 * without losing what was read.
 *
 * "Read" means taken from the input: after `stop()` the stream ends once every byte read so
 * far has been pushed, and nothing more is read.
 * - A regular file (`--in`, or a file on stdin) is read with `fs.read` in large chunks (1 MiB:
 *   each read's latency then hardly shows, and the query gets large batches). A read in
 *   flight at the stop has read its bytes: they are waited for and pushed.
 * - A pipe, socket or terminal on stdin is Node's `process.stdin` (non-blocking reads on the
 *   event loop, no read is ever in flight): at the stop, what it buffered is taken and it is
 *   closed at once.
 * - Anything else named by `--in` (a FIFO, a device) is read with `fs.read` too; a read in
 *   flight there may wait for data forever, so the stop does not wait for it.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';

export interface Input {
  readonly stream: Readable;
  /** stop reading; the stream ends once what was read has been pushed */
  stop(): void;
}

const CHUNK = 1 << 20;

/** opens `path` (null or `-`: stdin); throws the system error when it cannot be opened */
export function openInput(path: string | null): Input {
  if (path !== null && path !== '-') {
    const fd = fs.openSync(path, 'r');
    const reader = new FdReader(fd, fs.fstatSync(fd).isFile(), true);
    return { stream: reader, stop: () => reader.stop() };
  }
  if (fs.fstatSync(0).isFile()) {
    const reader = new FdReader(0, true, false);
    return { stream: reader, stop: () => reader.stop() };
  }
  const reader = new StreamReader(process.stdin);
  return { stream: reader, stop: () => reader.stop() };
}

/** a stream that reads on the event loop (a pipe, a socket, a terminal), handed on chunk by chunk */
class StreamReader extends Readable {
  private ended = false;
  private readonly onData = (c: Buffer) => {
    if (!this.push(c)) this.src.pause();
  };
  private readonly onEnd = () => this.finish();
  private readonly onError = (e: Error) => this.destroy(e);

  constructor(private readonly src: Readable) {
    super({ highWaterMark: CHUNK });
    src.on('data', this.onData).on('end', this.onEnd).on('error', this.onError);
  }

  override _read(): void {
    this.src.resume();
  }

  stop(): void {
    if (this.ended) return;
    // what the source buffered was read: in paused mode each read() emits it as 'data'
    this.src.pause();
    while (this.src.read() !== null);
    this.src.off('data', this.onData).off('end', this.onEnd).off('error', this.onError);
    // closed at once: nothing more is taken from the pipe
    this.src.destroy();
    this.finish();
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.src.off('data', this.onData).off('end', this.onEnd).off('error', this.onError);
    this.src.destroy();
    cb(err);
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.push(null);
  }
}

class FdReader extends Readable {
  private inflight = false;
  private stopping = false;
  private ended = false;

  constructor(
    private readonly fd: number,
    /** a regular file: a read in flight at the stop completes at once and is waited for */
    private readonly waitInflight: boolean,
    private readonly owned: boolean,
  ) {
    super({ highWaterMark: CHUNK });
  }

  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    if (!this.inflight || !this.waitInflight) this.finish();
  }

  override _read(): void {
    if (this.inflight || this.stopping) return;
    this.inflight = true;
    // a fresh buffer per read: decoded values and carried line fragments refer to it
    const buf = Buffer.allocUnsafe(CHUNK);
    fs.read(this.fd, buf, 0, CHUNK, null, (err, n) => {
      this.inflight = false;
      if (this.ended || this.destroyed) return;
      if (err) this.destroy(err);
      else if (n === 0) this.finish();
      else {
        this.push(buf.subarray(0, n));
        if (this.stopping) this.finish();
      }
    });
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    if (this.owned) fs.close(this.fd, () => cb(err));
    else cb(err);
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.push(null);
  }
}
