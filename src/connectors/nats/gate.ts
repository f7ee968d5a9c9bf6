/**
 * A gate a consuming loop waits at while the flow is full: `close()` holds the loop at its
 * next `passed()`, `open()` lets it go on. The nats subscriber and the jetstream consumer
 * pause their message loops with it.
 */
export class Gate {
  private held: { promise: Promise<void>; resolve: () => void } | null = null;

  close(): void {
    if (this.held) return;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.held = { promise, resolve };
  }

  open(): void {
    const h = this.held;
    this.held = null;
    h?.resolve();
  }

  get closed(): boolean {
    return this.held !== null;
  }

  /** resolves once the gate is open (test `closed` first: an open gate costs no await) */
  async passed(): Promise<void> {
    while (this.held) await this.held.promise;
  }
}
