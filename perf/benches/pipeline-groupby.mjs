// Benchmark: a tumbling-window group-by aggregation (count, mean, max per application every
// 100 events of that application) against a hand-written Node implementation.
import { compare, logEvents, queryRunner } from '../lib/inprocess.mjs';

const QUERY = `
define window hundred from tumbling with size = 100 end;
select {"app": group[0], "n": aggr::stats::count(), "mean": aggr::stats::mean(event.aint), "max": aggr::stats::max(event.aint)}
from in[hundred]
group by set(event.application)
into out;
`;

function handWritten(events) {
  const groups = new Map();
  let n = 0;
  for (const e of events) {
    const ev = JSON.parse(e.line);
    let g = groups.get(ev.application);
    if (!g) groups.set(ev.application, (g = { count: 0, sum: 0, max: -Infinity }));
    g.count++;
    g.sum += ev.aint;
    if (ev.aint > g.max) g.max = ev.aint;
    if (g.count === 100) {
      const out = { app: ev.application, n: g.count, mean: g.sum / g.count, max: g.max };
      if (out) n++;
      groups.delete(ev.application);
    }
  }
  return n;
}

export async function run({ lines = 100_000, rounds = 7 } = {}) {
  return compare('tumbling group-by aggregation', logEvents(lines), queryRunner(QUERY), handWritten, rounds);
}
