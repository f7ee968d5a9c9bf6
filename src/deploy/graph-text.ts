/**
 * A deployed flow's graph as text (`tremor-stream explain app.troy --graph [--dot]`):
 * Mermaid's `flowchart LR` (renders on GitHub and in most Markdown viewers) or Graphviz DOT.
 * Connectors are boxes labelled with their alias and type, pipelines rounded boxes; each link
 * is an arrow labelled `from-port → to-port`. Aliases are user text: node ids are derived
 * (`c0`, `p0`) and labels escaped for each format.
 */
import type { FlowPlan } from './plan.js';

export type GraphFormat = 'mermaid' | 'dot';

interface Node {
  id: string;
  label: string;
  kind: 'connector' | 'pipeline';
}

function nodesOf(flow: FlowPlan): Map<string, Node> {
  const nodes = new Map<string, Node>();
  flow.connectors.forEach((c, i) => nodes.set(`connector/${c.alias}`, { id: `c${i}`, label: `${c.alias} (${c.type})`, kind: 'connector' }));
  flow.pipelines.forEach((p, i) => nodes.set(`pipeline/${p.alias}`, { id: `p${i}`, label: p.alias, kind: 'pipeline' }));
  return nodes;
}

/** Mermaid: `"` becomes `#quot;`, and `<`, `>` their entities (labels are HTML there) */
const mermaid = (s: string) => s.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
const dot = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

export function graphText(flows: readonly FlowPlan[], format: GraphFormat): string {
  const out: string[] = [];
  if (format === 'mermaid') out.push('flowchart LR');
  for (const flow of flows) {
    const nodes = nodesOf(flow);
    const used = new Set(flow.links.flatMap((l) => [`${l.from.kind}/${l.from.alias}`, `${l.to.kind}/${l.to.alias}`]));
    const id = (k: string) => `${flow.name}_${nodes.get(k)!.id}`.replace(/[^A-Za-z0-9_]/g, '_');
    if (format === 'mermaid') {
      out.push(`  subgraph flow_${flow.name.replace(/[^A-Za-z0-9_]/g, '_')} ["flow ${mermaid(flow.name)}"]`);
      for (const [k, n] of nodes) {
        if (!used.has(k)) continue;
        out.push(n.kind === 'connector' ? `    ${id(k)}["${mermaid(n.label)}"]` : `    ${id(k)}("${mermaid(n.label)}")`);
      }
      out.push('  end');
      for (const l of flow.links) out.push(`  ${id(`${l.from.kind}/${l.from.alias}`)} -- "${mermaid(`${l.from.port} → ${l.to.port}`)}" --> ${id(`${l.to.kind}/${l.to.alias}`)}`);
    } else {
      out.push(`digraph ${dot(flow.name)} {`, '  rankdir=LR;');
      for (const [k, n] of nodes) {
        if (!used.has(k)) continue;
        out.push(`  ${dot(k)} [label=${dot(n.label)}, shape=box${n.kind === 'pipeline' ? ', style=rounded' : ''}];`);
      }
      for (const l of flow.links) out.push(`  ${dot(`${l.from.kind}/${l.from.alias}`)} -> ${dot(`${l.to.kind}/${l.to.alias}`)} [label=${dot(`${l.from.port} → ${l.to.port}`)}];`);
      out.push('}');
    }
  }
  return out.join('\n') + '\n';
}
