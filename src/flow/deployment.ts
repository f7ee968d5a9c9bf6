/**
 * Running a deployment: its flows, in the order they were deployed, until an exit connector
 * asks to stop, the process gets SIGINT / SIGTERM, or — in a deployment without an exit
 * connector — they stop by themselves (every source finished and drained). With an exit
 * connector, finished sources do not end the flow: it runs on as Tremor's does, so time
 * windows close on ticks and replies still arrive, until the exit connector stops it. Stopping is graceful by default: sources end, what they
 * produced drains through the pipelines into the sinks, bounded by `drainTimeoutMs`
 * (5 s, like Tremor) after which everything is torn down (and that is reported).
 *
 * Exit status: the exit connector's, else 0; 1 when a node failed, 3 when an output failed
 * with an I/O error (a closed output pipe is not a failure: it stops the deployment at once,
 * quietly, with 0 — flow.ts). Error events that reached an `err` port nothing is connected to
 * are summed up in one line at the end, and turn a status of 0 into 2 (undelivered.ts).
 */
import type { ConnectorType } from '../connectors/connector.js';
import { connectorTypes } from '../connectors/registry.js';
import type { DeploymentPlan } from '../deploy/plan.js';
import { systemClock, type Clock } from '../base/clock.js';
import { MetricsBus } from '../connectors/metrics-bus.js';
import { Flow } from './flow.js';
import { UndeliveredErrors } from './undelivered.js';
import { FlowStats } from './stats.js';

export interface RunOptions {
  clock?: Clock;
  /** buffer size of every stream, in events (default 64) */
  highWaterMark?: number;
  /** tick interval for time windows in ms (default 100) */
  tickMs?: number;
  drainTimeoutMs?: number;
  /** where problems are reported (default: stderr) */
  report?: (message: unknown) => void;
  /** stop gracefully on SIGINT / SIGTERM (default false; the CLI turns it on) */
  signals?: boolean;
  types?: ReadonlyMap<string, ConnectorType<any>>;
  /** keep live counts per node (flow/stats.ts) for the control API; default false */
  stats?: boolean;
}

export interface DeploymentHandle {
  /** the exit status: the exit connector's, 0 when the flows ended by themselves, 1 on failure */
  readonly done: Promise<number>;
  /** stops every flow gracefully */
  stop(): Promise<number>;
  readonly flows: readonly Flow[];
}

export function runDeployment(plan: DeploymentPlan, opts: RunOptions = {}): DeploymentHandle {
  const clock = opts.clock ?? systemClock;
  const report = opts.report ?? ((m: unknown) => process.stderr.write(`${m instanceof Error ? m.message : String(m)}\n`));
  const drainTimeout = opts.drainTimeoutMs ?? 5000;
  let status: number | null = null;
  let stopping: Promise<number> | null = null;
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((r) => (resolveDone = r));
  const flows: Flow[] = [];
  const undelivered = new UndeliveredErrors();

  /** the status once everything has stopped: undelivered errors turn success into 2 */
  const final = (): number => {
    const summary = undelivered.summary();
    if (summary !== null) report(summary);
    const code = status ?? 0;
    return code === 0 && summary !== null ? 2 : code;
  };

  const stop = (code: number, graceful: boolean): Promise<number> => {
    if (status === null || code !== 0) status = status === null ? code : Math.max(status, code);
    if (stopping) {
      if (!graceful) for (const f of flows) f.destroy();
      return stopping;
    }
    stopping = (async () => {
      await Promise.all(flows.map((f) => f.stop(graceful)));
      // a forceful stop has torn everything down: nothing is left to drain
      if (!graceful) return final();
      let timer: unknown;
      let timedOut = false;
      const timeout = new Promise<void>((r) => (timer = clock.setTimer(() => ((timedOut = true), r()), drainTimeout)));
      await Promise.race([Promise.all(flows.map((f) => f.done)), timeout]);
      clock.clearTimer(timer);
      if (timedOut) report(`the flows did not drain within ${drainTimeout} ms; what was still in flight is lost`);
      for (const f of flows) f.destroy();
      return final();
    })();
    stopping.then(resolveDone);
    return stopping;
  };

  const onSignal = () => void stop(0, true);
  if (opts.signals) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    done.finally(() => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    });
  }

  // Tremor's lifecycle (a flow runs until stopped) where an exit connector decides the end;
  // otherwise a flow of finite sources ends by itself once they have finished and drained
  const exits = plan.flows.some((f) => f.connectors.some((c) => c.type === 'exit' && f.links.some((l) => l.to.kind === 'connector' && l.to.alias === c.alias)));

  // one metrics channel for all flows, as Tremor's is one per runtime
  const metrics = new MetricsBus();
  (async () => {
    for (const fp of plan.flows) {
      const flow = new Flow(fp, {
        clock,
        highWaterMark: opts.highWaterMark ?? 64,
        tickMs: opts.tickMs ?? 100,
        types: opts.types ?? connectorTypes,
        report,
        exit: (code, graceful) => void stop(code, graceful),
        metrics,
        undelivered,
        endWithSources: !exits,
        stats: opts.stats ? new FlowStats(() => clock.wallNs()) : undefined,
      });
      flows.push(flow);
      await flow.start();
    }
    await Promise.all(flows.map((f) => f.done));
    if (!stopping) void stop(0, true);
  })().catch((e) => {
    report(e);
    void stop(1, false);
  });

  return { done, stop: () => stop(0, true), flows };
}
