import t from 'tap';
import { deploy } from '../../src/app/deploy.js';
import { compileDeployment } from '../../src/deploy/compile.js';
import type { CompileError } from '../../src/base/diagnostics.js';
import { probe, typesWith } from './doubles.js';
import { settle, until } from '../until.js';

const flow = (body: string) => `define flow main flow\n${body}\nend;\ndeploy flow main;`;

t.test('a flow runs until its sources have drained', async (t) => {
  const p = probe();
  const h = deploy(
    flow(`
      define connector src from test_count with config = {"n": 5} end;
      define connector dst from test_record;
      define pipeline double pipeline select event * 2 from in into out; end;
      create connector src; create connector dst; create pipeline double;
      connect /connector/src to /pipeline/double;
      connect /pipeline/double to /connector/dst;`),
    { types: typesWith(p) },
  );
  t.equal(await h.done, 0);
  t.same(p.received, [0, 2, 4, 6, 8]);
  t.same(p.order, ['start dst', 'start src'], 'sinks start before sources');
});

t.test('fan-out, fan-in and pipeline to pipeline', async (t) => {
  const p = probe();
  const h = deploy(
    flow(`
      define connector a from test_count with config = {"n": 3} end;
      define connector b from test_count with config = {"n": 2} end;
      define connector dst from test_record;
      define pipeline tag args label pipeline select {"from": args.label, "v": event} from in into out; end;
      define pipeline pass pipeline select event from in into out; end;
      create connector a; create connector b; create connector dst;
      create pipeline one from tag with label = "one" end;
      create pipeline two from tag with label = "two" end;
      create pipeline pass;
      connect /connector/a to /pipeline/one;
      connect /connector/a to /pipeline/two;
      connect /connector/b to /pipeline/two;
      connect /pipeline/one to /pipeline/pass;
      connect /pipeline/two/out to /pipeline/pass/in;
      connect /pipeline/pass to /connector/dst;`),
    { types: typesWith(p) },
  );
  t.equal(await h.done, 0);
  const got = p.received.map((v) => JSON.stringify(v)).sort();
  t.same(got, ['{"from":"one","v":0}', '{"from":"one","v":1}', '{"from":"one","v":2}', '{"from":"two","v":0}', '{"from":"two","v":0}', '{"from":"two","v":1}', '{"from":"two","v":1}', '{"from":"two","v":2}']);
});

t.test('backpressure holds end to end: a slow sink slows the source', async (t) => {
  const p = probe();
  const h = deploy(
    flow(`
      define connector src from test_count with config = {"n": 400} end;
      define connector slow from test_record with config = {"delay": 1} end;
      define pipeline pass pipeline select event from in into out; end;
      create connector src; create connector slow; create pipeline pass;
      connect /connector/src to /pipeline/pass;
      connect /pipeline/pass to /connector/slow;`),
    { types: typesWith(p), highWaterMark: 8 },
  );
  t.equal(await h.done, 0);
  t.equal(p.received.length, 400);
  // each stage buffers at most its highWaterMark: source, router, pipeline (both sides), router, sink
  t.ok(p.maxBacklog <= 8 * 8, `the source was never more than ${p.maxBacklog} events ahead of the sink`);
});

t.test('connectors that no connect uses are not started', async (t) => {
  const p = probe();
  const h = deploy(
    flow(`
      define connector src from test_count with config = {"n": 1} end;
      define connector unused from test_count with config = {"n": 1} end;
      define connector dst from test_record;
      define pipeline pass pipeline select event from in into out; end;
      create connector src; create connector unused; create connector dst; create pipeline pass;
      connect /connector/src to /pipeline/pass;
      connect /pipeline/pass to /connector/dst;`),
    { types: typesWith(p) },
  );
  await h.done;
  t.same(p.order, ['start dst', 'start src']);
});

t.test('an exit connector stops the deployment with its status after draining', async (t) => {
  const p = probe();
  const h = deploy(
    flow(`
      define connector tick from metronome with config = {"interval": 5} end;
      define connector stop from exit;
      define connector dst from test_record;
      define pipeline main pipeline select event.id from in into out; end;
      define pipeline quit pipeline select {"exit": 3} from in where event.id == 2 into out; end;
      create connector tick; create connector stop; create connector dst;
      create pipeline main; create pipeline quit;
      connect /connector/tick to /pipeline/main;
      connect /connector/tick to /pipeline/quit;
      connect /pipeline/main to /connector/dst;
      connect /pipeline/quit to /connector/stop;`),
    { types: typesWith(p) },
  );
  t.equal(await h.done, 3, "the event's exit field is the status");
  t.same(p.received.slice(0, 3), [0, 1, 2], 'the triggering tick reached the other sink');
});

t.test('stop() drains and ends a running deployment', async (t) => {
  const p = probe();
  const h = deploy(
    flow(`
      define connector tick from metronome with config = {"interval": 2} end;
      define connector dst from test_record;
      define pipeline main pipeline select event.id from in into out; end;
      create connector tick; create connector dst; create pipeline main;
      connect /connector/tick to /pipeline/main;
      connect /pipeline/main to /connector/dst;`),
    { types: typesWith(p) },
  );
  await until(t, 'four ticks', () => p.received.length > 3);
  t.equal(await h.stop(), 0);
  const n = p.received.length;
  t.ok(n > 3, `${n} ticks before stop`);
  await settle();
  t.equal(p.received.length, n, 'nothing after stop');
});

t.test('deploy-time validation points at the statements', async (t) => {
  const errors = (src: string) => {
    try {
      compileDeployment(src);
    } catch (e) {
      return (e as CompileError).diagnostics.map((d) => `${d.code} ${d.span!.src.position(d.span!.start).line}`);
    }
    return [];
  };
  t.same(errors('define flow main flow\ndefine connector m from nope;\ncreate connector m;\nend;\ndeploy flow main;'), ['D001 2']);
  t.same(errors('define flow main flow\ndefine connector m from metronome with config = {"interval": 1, "x": 1} end;\ncreate connector m;\nend;\ndeploy flow main;'), ['D007 2']);
  t.same(errors('define flow main flow\ndefine connector m from metronome;\ncreate connector m;\nend;\ndeploy flow main;'), ['D008 2']);
  t.same(
    errors(
      'define flow main flow\ndefine connector m from metronome with config = {"interval": 1} end;\ncreate connector m;\ndefine pipeline p pipeline select event from in into out; end;\ncreate pipeline p;\nconnect /connector/m/nope to /pipeline/p;\nend;\ndeploy flow main;',
    ),
    ['D004 6'],
  );
  t.same(errors('define flow main\nargs a\nflow\ndefine connector m from metronome with config = {"interval": 1} end;\nend;\ndeploy flow main with b = 1 end;'), ['D005 6']);
});
