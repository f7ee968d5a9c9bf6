/**
 * The text of `tremor-stream explain`: the AST, the IR and the generated JavaScript of a
 * compiled script or query. Spans are left out of the trees; functions show by name.
 */
import { generatedSource } from './compile.js';
import type { CompiledScript } from './script.js';
import type { CompiledQuery } from './query/compile.js';
import { FloatBox } from '../runtime/value.js';
import { statefulNode } from '../pipeline/stateless.js';

function tree(x: unknown): string {
  return JSON.stringify(
    x,
    (k, v) => {
      if (k === 'span' || k === 'src' || k === 'typeSpan' || k === 'portSpan' || k === 'bodySpan' || k === 'nameSpan') return undefined;
      if (typeof v === 'bigint') return `${v}n`;
      if (v instanceof FloatBox) return `${v.fv}f`;
      if (v instanceof Uint8Array) return `<<${[...v].join(',')}>>`;
      if (typeof v === 'function') return `<function ${v.name || 'anonymous'}>`;
      if (v && typeof v === 'object' && 'fullName' in v && 'impl' in v) return `<std ${(v as { fullName: string }).fullName}>`;
      if (v && typeof v === 'object' && 'call' in v && 'arity' in v) return `<fn ${(v as { name: string }).name}/${(v as { arity: number }).arity}>`;
      return v;
    },
    2,
  );
}

export function explainText(c: CompiledScript | CompiledQuery): string {
  const out: string[] = ['# AST', tree(c.ast)];
  if ('ir' in c) {
    out.push('', '# IR', tree(c.ir), '', '# JavaScript', c.generated.source);
    return out.join('\n') + '\n';
  }
  out.push('', '# Pipeline (IR)');
  c.plan.nodes.forEach((n, i) => {
    const edges = [...c.plan.edges].filter(([k]) => k.startsWith(`${i}/`)).map(([k, ts]) => `${k.split('/')[1]} -> ${ts.map((t) => `${t.node}/${t.port}`).join(', ')}`);
    out.push(`node ${i}: ${n.kind} ${n.name}${edges.length ? `  [${edges.join('; ')}]` : ''}`);
    if (n.kind === 'select' || n.kind === 'script') out.push(`  decodes: ${decodes(n.reads, n.kind === 'select' && n.identity)}`);
  });
  const stateful = statefulNode(c.plan);
  out.push(stateful === null ? 'threads: all (stateless: `query` shares its batches among worker threads)' : `threads: one (${stateful})`);
  out.push('', '# JavaScript');
  c.plan.nodes.forEach((n, i) => {
    for (const [k, v] of Object.entries(n)) {
      const src = generatedSource(v);
      if (src) out.push(`// node ${i} (${n.kind} ${n.name}) ${k}`, src);
    }
    if (n.kind === 'script') for (const [port, f] of Object.entries(n.ports)) out.push(`// node ${i} script from ${port}`, generatedSource(f) ?? '');
  });
  return out.join('\n') + '\n';
}

/**
 * What of a checked, undecoded line (a LazyEvent) the node decodes: nothing (it hands the
 * event on), some top-level keys (src/lang/payload-reads.ts), or the whole payload.
 */
function decodes(reads: readonly string[] | null, identity: boolean): string {
  if (identity) return 'nothing (the event is handed on as it is)';
  if (reads === null) return 'the whole payload';
  if (reads.length === 0) return 'nothing';
  return reads.map((k) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `event.${k}` : `event[${JSON.stringify(k)}]`)).join(', ');
}
