// Benchmark shaped like Tremor's throughput-logging-json: a script classifies each log event
// by application, index type and tags into $class / $rate / $dimensions, then grouper::bucket
// rate-limits per class and dimension. Against a hand-written Node implementation of the same
// logic (the same classification and a sliding-window limiter), in the same process.
import { compare, logEvents, queryRunner } from '../lib/inprocess.mjs';

const QUERY = `
define operator bucket from grouper::bucket;
define script classify
script
  match event of
    case %{ application == "app1" } => let $class = "applog_app1"; let $rate = 1250; let $dimensions = event.application
    case %{ application == "app2" } => let $class = "applog_app2"; let $rate = 2500; let $dimensions = event.application
    case %{ index_type == "applog_app6" } => let $class = "applog_app6"; let $rate = 4500; let $dimensions = event.logger_name
    case %{ index_type == "syslog_app1" } => let $class = "syslog_app1"; let $rate = 2500; let $dimensions = event.syslog_hostname
    case %{ tags ~= %["tag5"] } => let $class = "tagged"; let $rate = 125; let $dimensions = [event.application, event.logger_name]
    case %{ index_type == "edilog" } => let $class = "edilog"; let $rate = 3750
    case %{ type == "applog" } => let $class = "applog"; let $rate = 75; let $dimensions = event.application
    case _ => let $class = "default"; let $rate = 250
  end;
  let $index_type = event.index_type;
  event
end;
create script classify;
create operator bucket;
select event from in into classify;
select event from classify into bucket;
select event from bucket into out;
`;

/** the same work by hand: classification, then a sliding window per class and dimension */
function handWritten(events) {
  const classes = new Map();
  let n = 0;
  for (const e of events) {
    const ev = JSON.parse(e.line);
    let cls;
    let rate;
    let dims = null;
    if (ev.application === 'app1') [cls, rate, dims] = ['applog_app1', 1250, ev.application];
    else if (ev.application === 'app2') [cls, rate, dims] = ['applog_app2', 2500, ev.application];
    else if (ev.index_type === 'applog_app6') [cls, rate, dims] = ['applog_app6', 4500, ev.logger_name];
    else if (ev.index_type === 'syslog_app1') [cls, rate, dims] = ['syslog_app1', 2500, ev.syslog_hostname];
    else if (Array.isArray(ev.tags) && ev.tags.includes('tag5')) [cls, rate, dims] = ['tagged', 125, [ev.application, ev.logger_name]];
    else if (ev.index_type === 'edilog') [cls, rate] = ['edilog', 3750];
    else if (ev.type === 'applog') [cls, rate, dims] = ['applog', 75, ev.application];
    else [cls, rate] = ['default', 250];
    const meta = { class: cls, rate, dimensions: dims, index_type: ev.index_type };
    let byDim = classes.get(meta.class);
    if (!byDim) classes.set(meta.class, (byDim = new Map()));
    const key = JSON.stringify(meta.dimensions);
    let w = byDim.get(key);
    if (!w) byDim.set(key, (w = { counts: new Array(100).fill(0), head: 0, total: 0, start: -1 }));
    // 100 sub-windows over one second
    const width = 10_000_000;
    if (w.start < 0) w.start = e.ts - (e.ts % width);
    const steps = Math.floor((e.ts - w.start) / width);
    for (let i = 0; i < Math.min(steps, 100); i++) {
      w.head = (w.head + 1) % 100;
      w.total -= w.counts[w.head];
      w.counts[w.head] = 0;
    }
    w.start += steps * width;
    if (w.total + 1 <= meta.rate) {
      w.counts[w.head]++;
      w.total++;
      n++;
    }
  }
  return n;
}

export async function run({ lines = 100_000, rounds = 7 } = {}) {
  // 10 µs apart: 100,000 events span one second, so the limits bite
  const events = logEvents(lines, 10_000);
  return compare('logging: classify + grouper::bucket', events, queryRunner(QUERY), handWritten, rounds);
}
