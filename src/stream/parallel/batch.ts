/**
 * A batch of whole JSON lines through a compiled pipeline, synchronously: decode each line,
 * run it, encode what comes out. What a thread of a parallel query does with each batch it is
 * given (the main thread too). Everything that is not output (bad lines, runtime errors,
 * events on other ports) comes back as notes, in the order it happened, with line numbers
 * counted from the start of the batch: the main thread, which puts batches back in order,
 * knows where each batch starts.
 */
import { Graph, type Emitted } from '../../pipeline/graph.js';
import type { PipelinePlan } from '../../pipeline/plan.js';
import type { Event } from '../../runtime/event.js';
import { wallClockNs } from '../../base/wallclock.js';
import { LineDecoder } from '../line-decoder.js';
import { encodeLines } from '../encoder.js';

export type Note =
  /** a line that is not JSON (`line` 1-based within the batch) */
  | { kind: 'bad'; line: number; text: string; message: string }
  /** a runtime error, rendered */
  | { kind: 'error'; text: string }
  /** an event on a port other than `out`, as its JSON line */
  | { kind: 'port'; port: string; line: string }
  /** an event that could not be encoded */
  | { kind: 'encode'; port: string; message: string };

export interface BatchResult {
  /** the JSON lines of port `out`, each ended by a newline */
  out: string;
  /** how many lines the batch held (ended by a newline, or the input's last) */
  lines: number;
  notes: Note[];
}

export class LineBatches {
  private readonly graph: Graph;
  private readonly decoder: LineDecoder;
  private readonly results: Emitted[] = [];
  private readonly events: Event[] = [];

  constructor(
    plan: PipelinePlan,
    opts: { exactNumbers: boolean },
    /** a runtime error as text (null: not one of ours, a bug) */
    private readonly renderError: (e: unknown) => string | null,
  ) {
    this.graph = new Graph(plan);
    this.decoder = new LineDecoder(opts);
  }

  /** `first`: the batch starts the input (a byte order mark may start its first line) */
  run(buf: Buffer, first: boolean): BatchResult {
    const notes: Note[] = [];
    const onPort = (port: string, line: string) => notes.push({ kind: 'port', port, line });
    const onError = (port: string, e: Error) => notes.push({ kind: 'encode', port, message: e.message });
    const ts = wallClockNs();
    let out = '';
    let line = 0;
    let start = 0;
    while (start < buf.length) {
      let nl = buf.indexOf(10, start);
      if (nl < 0) nl = buf.length;
      let stop = nl;
      if (stop > start && buf[stop - 1] === 13) stop--;
      if (stop > start) {
        const bad = this.decoder.decode(buf, start, stop, line, first && line === 0, ts, this.events);
        if (bad) notes.push({ kind: 'bad', ...bad });
        else {
          const ev = this.events.pop() as Event | undefined;
          if (ev) out += this.event(ev, notes, onPort, onError);
        }
      }
      line++;
      start = nl + 1;
    }
    return { out, lines: line, notes };
  }

  private event(ev: Event, notes: Note[], onPort: (port: string, line: string) => void, onError: (port: string, e: Error) => void): string {
    const results = this.results;
    results.length = 0;
    const err = this.graph.enqueue('in', ev, results);
    if (err) notes.push({ kind: 'error', text: this.renderError(err) ?? `error: ${(err as Error).message ?? err}\n` });
    const out = results.length ? encodeLines(results, onPort, onError) : '';
    results.length = 0;
    return out;
  }
}
