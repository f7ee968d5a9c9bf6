// The functions that took the most CPU in a V8 .cpuprofile (node --cpu-prof), by self time:
// the text form of a flame graph's widest leaves, for perf/README.md.
import fs from 'node:fs';

export function cpuTop(file, n = 15) {
  const p = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const self = new Map();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const f = byId.get(p.samples[i]).callFrame;
    // bundle chunk names change with every build: keep the function and the file's last part
    const where = f.url ? f.url.split('/').pop().replace(/-[A-Z0-9]{8}\.mjs$/, '.mjs') : '';
    const k = `${f.functionName || '(anonymous)'} ${where}`.trim();
    self.set(k, (self.get(k) ?? 0) + p.timeDeltas[i]);
    total += p.timeDeltas[i];
  }
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { totalMs: total / 1000, rows: rows.map(([k, us]) => ({ function: k, 'self ms': Math.round(us / 1000), '%': Number(((100 * us) / total).toFixed(1)) })) };
}
