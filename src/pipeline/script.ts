/**
 * A `script` node: runs the script for each event. The main script handles port `in`,
 * `script from p` bodies handle port `p`. A runtime error turns the event into
 * `{"error": rendered, "event": payload}` on the `err` port, as Tremor's script operator
 * does (tremor-pipeline op/trickle/script.rs): `error` is the error rendered over the
 * source, `Error: ⏎ line | code ⏎ carets message` (src/base/diagnostics.ts
 * `renderRuntime`), and `event` the payload as the script left it (paths are assigned in place). `drop` emits nothing;
 * `emit … => "p"` goes to port `p`.
 */
import { TremorError } from '../base/diagnostics.js';
import { renderRuntime } from '../base/highlight.js';
import { messageOf } from '../base/message-of.js';
import { newContext } from '../runtime/context.js';
import { KeyReads } from '../runtime/decode-keys.js';
import { LazyEvent, withData } from '../runtime/event.js';
import { clone, type Value } from '../runtime/value.js';
import type { NodeRuntime } from './node.js';
import type { Locate, ScriptPlan } from './plan.js';

export function scriptNode(plan: ScriptPlan, locate: Locate): NodeRuntime {
  const c = newContext();
  c.state = clone(plan.state);
  const reads = plan.reads === null ? null : new KeyReads(plan.reads);
  return {
    event(port, ev, out) {
      const fn = port === 'in' ? plan.run : Object.prototype.hasOwnProperty.call(plan.ports, port) ? plan.ports[port] : undefined;
      if (!fn) {
        out.push('err', withData(ev, { error: `unknown port: \`${port}\``, event: ev.data }));
        return;
      }
      // an undecoded event: just the keys the script reads (LazyEvent.partial)
      const lazy = reads !== null && ev instanceof LazyEvent ? ev : null;
      c.event = lazy !== null ? lazy.partial(reads!) : ev.data;
      c.meta = ev.meta;
      c.port = 'out';
      c.ingestNs = ev.ingestNs;
      c.origin = ev.origin;
      let v: Value | undefined;
      try {
        v = fn(c);
      } catch (e) {
        const err = locate(e);
        out.push('err', withData(ev, { error: err instanceof TremorError ? renderRuntime(err.diagnostic) : messageOf(err), event: ev.data }));
        return;
      }
      if (v === undefined || c.port === null) return;
      ev.meta = c.meta;
      out.push(c.port, lazy?.handsOn(v) ? ev : withData(ev, v));
    },
  };
}
