/**
 * Tremor's control API (tremor-api, port 9898) over a running deployment:
 *
 *   GET   /v1/status                               {all_running, num_flows, flows: {state: n}};
 *                                                  503 unless every flow is running,
 *                                                  paused or initializing
 *   GET   /v1/flows                                [{alias, status, connectors: [alias]}]
 *   GET   /v1/flows/{id}                           one of them
 *   PATCH /v1/flows/{id}                           {"status": "paused" | "running"}
 *   GET   /v1/flows/{id}/connectors                [{alias, status, connectivity, pipelines}]
 *   GET   /v1/flows/{id}/connectors/{connector}    one of them
 *   PATCH /v1/flows/{id}/connectors/{connector}    {"status": "paused" | "running"}
 *
 * and, beyond Tremor's, `GET /v1/flows/{id}/stats`: every node's events in and out by port,
 * each connector's bytes and reconnections, each connector sink's latency quantiles, and the
 * events leaving each node inside each pipeline (what the status page draws).
 *
 * Pausing holds the sources (their routers take no more events); events already inside the
 * pipelines still reach the sinks, as in Tremor.
 */
import type { Flow, InstanceState } from '../flow/flow.js';
import { FlowStats } from '../flow/stats.js';
import { HttpError, type Reply } from './http.js';

const flowReport = (f: Flow) => ({ alias: f.plan.name, status: f.status, connectors: f.connectorReports().map((c) => c.alias) });

function find(flows: readonly Flow[], id: string): Flow {
  const f = flows.find((x) => x.plan.name === id);
  if (!f) throw new HttpError(404, `Flow ${id} not found`);
  return f;
}

function connector(f: Flow, alias: string) {
  const c = f.connectorReports().find((r) => r.alias === alias);
  if (!c) throw new HttpError(404, `Connector ${alias} not found in flow ${f.plan.name}`);
  return c;
}

/** the `status` a PATCH asks for */
function desired(body: unknown): 'paused' | 'running' {
  const s = (body as { status?: unknown } | null)?.status;
  if (s === 'paused' || s === 'running') return s;
  throw new HttpError(400, 'expected {"status": "paused"} or {"status": "running"}');
}

function patchable(current: InstanceState, want: 'paused' | 'running', what: string): boolean {
  if (current === want) return false;
  if ((current === 'running' && want === 'paused') || (current === 'paused' && want === 'running')) return true;
  throw new HttpError(400, `Cannot patch status of ${what} from ${current} to ${want}`);
}

export function tremorRoute(flows: readonly Flow[], method: string, parts: string[], body: unknown): Reply | null {
  if (parts[0] !== 'v1') return null;
  if (parts.length === 2 && parts[1] === 'status' && method === 'GET') {
    const counts: Record<string, number> = {};
    let allRunning = true;
    let good = true;
    for (const f of flows) {
      counts[f.status] = (counts[f.status] ?? 0) + 1;
      allRunning &&= f.status === 'running';
      good &&= f.status === 'running' || f.status === 'paused' || f.status === 'initializing';
    }
    return { status: good ? 200 : 503, json: { all_running: allRunning, num_flows: flows.length, flows: counts } };
  }
  if (parts[1] !== 'flows') return null;
  if (parts.length === 2) return method === 'GET' ? { status: 200, json: flows.map(flowReport) } : null;
  const f = find(flows, parts[2]);
  if (parts.length === 3) {
    if (method === 'GET') return { status: 200, json: flowReport(f) };
    if (method !== 'PATCH') return null;
    const want = desired(body);
    if (patchable(f.status, want, f.plan.name)) {
      if (want === 'paused') f.pause();
      else f.resume();
    }
    return { status: 200, json: flowReport(f) };
  }
  if (parts.length === 4 && parts[3] === 'stats' && method === 'GET') return { status: 200, json: statsOf(f) };
  if (parts[3] !== 'connectors') return null;
  if (parts.length === 4) return method === 'GET' ? { status: 200, json: f.connectorReports() } : null;
  if (parts.length !== 5) return null;
  const c = connector(f, parts[4]);
  if (method === 'GET') return { status: 200, json: c };
  if (method !== 'PATCH') return null;
  const want = desired(body);
  if (patchable(c.status, want, `connector ${c.alias} in flow ${f.plan.name}`)) {
    if (want === 'paused') f.pauseConnector(c.alias);
    else f.resumeConnector(c.alias);
  }
  return { status: 200, json: connector(f, c.alias) };
}

/** every node's counts and each sink's latency quantiles (ms) */
function statsOf(f: Flow) {
  const nodes: Record<string, unknown> = {};
  for (const [key, s] of f.stats?.nodes ?? []) {
    const l = s.latency;
    nodes[key] = {
      in: Object.fromEntries(s.in),
      out: Object.fromEntries(s.out),
      events_in: FlowStats.total(s.in),
      events_out: FlowStats.total(s.out),
      ...(l ? { latency_ms: { p50: l.valueAtQuantile(0.5) / 1000, p99: l.valueAtQuantile(0.99) / 1000, max: l.max() / 1000, count: l.total } } : {}),
      ...(s.bytes ? { bytes: { ...s.bytes }, reconnects: s.reconnects } : {}),
      ...(s.nodes ? { graph: Object.fromEntries([...s.nodes()].map(([node, m]) => [node, Object.fromEntries(m)])) } : {}),
    };
  }
  return { alias: f.plan.name, status: f.status, nodes, connectors: f.connectorReports(), pipelines: f.pipelineAliases, links: f.plan.links };
}
