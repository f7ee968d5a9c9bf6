/**
 * The open connections of a server, by peer key: where its sink routes an event whose
 * metadata names a peer (answers go back where the request came from), or all of them.
 */
import { isRecord, type Rec } from '../../runtime/value.js';
import { hostString } from './host-port.js';
import type { Link } from './session.js';

export class Peers<L extends Link> {
  private readonly links = new Map<string, L>();

  constructor(private readonly type: string) {}

  /** adds a connection; the function returned removes it */
  add(key: string, l: L): () => void {
    this.links.set(key, l);
    return () => {
      if (this.links.get(key) === l) this.links.delete(key);
    };
  }

  /** the connection(s) a peer key (from event metadata) picks: undefined is all, null a malformed peer */
  select(key: string | null | undefined): L[] | string {
    if (key === undefined) return this.links.size ? [...this.links.values()] : 'no open connection to write to; the event is dropped';
    if (key === null) return `the event's \`$${this.type}.peer\` is not a peer of this connector; the event is dropped`;
    const l = this.links.get(key);
    return l ? [l] : `no open connection to the peer ${key}; the event is dropped`;
  }

  async finish(): Promise<void> {
    await Promise.all([...this.links.values()].map((l) => l.finish()));
  }

  destroy(): void {
    for (const l of this.links.values()) l.destroy();
    this.links.clear();
  }
}

/** `{"host", "port"}` from `$<type>.peer` in event metadata, as a routing key */
export function peerKey(meta: Rec, type: string): string | null | undefined {
  const ns = meta[type];
  if (!isRecord(ns) || ns.peer === undefined) return undefined;
  const p = ns.peer;
  if (!isRecord(p) || typeof p.host !== 'string' || typeof p.port !== 'number') return null;
  return `${hostString(p.host)}:${p.port}`;
}
