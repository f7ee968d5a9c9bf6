/**
 * Waiting for a writable that asked to (its `write()` returned false) to take more.
 */

/**
 * Resolves when `w` emits 'drain'. When it closes or fails first: a connection that closed
 * takes nothing more, so there is nothing to wait for (resolves, the default); a stream that
 * must not close under the sink (stdout) rejects with the reason (`closeFails`).
 */
export function drained(w: NodeJS.EventEmitter, closeFails = false): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (e?: Error) => {
      w.off('drain', onDrain);
      w.off('error', onError);
      w.off('close', onClose);
      if (e && closeFails) reject(e);
      else resolve();
    };
    const onDrain = () => settle();
    // an error is followed by 'close'; without closeFails, wait for that
    const onError = (e: Error) => (closeFails ? settle(e) : undefined);
    const onClose = () => settle(new Error('the stream was closed'));
    w.on('drain', onDrain);
    w.on('error', onError);
    w.on('close', onClose);
  });
}

/**
 * `drained`, shared by everyone waiting on the same writable at once: a batch of events that
 * each found it full waits on one promise (one listener), not one each.
 */
export class Drain {
  private waiting: Promise<void> | null = null;

  constructor(
    private readonly w: NodeJS.EventEmitter,
    private readonly closeFails = false,
  ) {}

  wait(): Promise<void> {
    return (this.waiting ??= drained(this.w, this.closeFails).finally(() => (this.waiting = null)));
  }
}
