/**
 * kv and crononome in whole flows: commands read from a file drive a kv store whose replies are
 * written out, and a crononome's triggers reach a file before the flow exits by itself.
 */
import t from 'tap';
import path from 'node:path';
import { runPair, str, tempDir } from './harness.js';

const kvFlow = (dir: string, expect: number) => `
define flow main
flow
  use tremor::connectors;
  define connector input from file
  with codec = "json", preprocessors = ["separate"], config = {"path": ${str(path.join(dir, 'in.json'))}, "mode": "read"} end;
  define connector output from file
  with codec = {"name": "json", "config": {"mode": "sorted"}}, postprocessors = ["separate"],
    config = {"path": ${str(path.join(dir, 'out.log'))}, "mode": "truncate"} end;
  define connector store from kv with config = {"dir": ${str(path.join(dir, 'store'))}, "create": true} end;
  define pipeline command pipeline
    define script cmd script
      let $kv = event.cmd;
      let $correlation = event.n;
      emit match event of case %{present value} => event.value case _ => null end
    end;
    create script cmd;
    select event from in into cmd;
    select event from cmd into out;
  end;
  define pipeline reply
  into out, exit
  pipeline
    define script count script
      let state = match state of case null => 1 case _ => state + 1 end;
      let $n = state;
      emit event
    end;
    create script count;
    select event from in into count;
    select {"n": $correlation, "op": $kv.op, "value": event} from count into out;
    select {"exit": 0} from count where $n == ${expect} into exit;
  end;
  define pipeline failed pipeline
    select {"n": $correlation, "error": $error} from in into out;
  end;
  create connector store; create connector output; create connector input;
  create connector exit from connectors::exit;
  create pipeline command; create pipeline reply; create pipeline failed;
  connect /connector/input to /pipeline/command;
  connect /pipeline/command to /connector/store;
  connect /connector/store/out to /pipeline/reply;
  connect /connector/store/err to /pipeline/failed;
  connect /pipeline/failed to /pipeline/reply;
  connect /pipeline/reply/out to /connector/output;
  connect /pipeline/reply/exit to /connector/exit;
end;
deploy flow main;`;

t.test('kv: commands from a file, replies with correlation, failures on err, data kept across deployments', async (t) => {
  const dir = tempDir(t, 'kv');
  const first = await runPair(dir, kvFlow(dir, 5), [
    { n: 1, cmd: { put: 'a' }, value: { x: 18446744073709551615n.toString() } },
    { n: 2, cmd: { put: 'b' }, value: 2 },
    { n: 3, cmd: { get: 'a' } },
    { n: 4, cmd: { cas: 'b', old: 3 }, value: 4 },
    { n: 5, cmd: { delete: 'b' } },
  ]);
  t.equal(first.status, 0, first.reports.join('\n'));
  const byN = (lines: unknown[]) => (lines as { n: number }[]).sort((a, b) => a.n - b.n);
  const one = byN(first.lines) as Record<string, unknown>[];
  t.same(one.slice(0, 3), [
    { n: 1, op: 'put', value: { x: '18446744073709551615' } },
    { n: 2, op: 'put', value: 2 },
    { n: 3, op: 'get', value: { x: '18446744073709551615' } },
  ]);
  t.match(one[3], { n: 4, op: 'cas', value: { n: 4, error: /cas|expected|mismatch|current/i } }, 'a failed cas goes to err with its reason');
  t.same(one[4], { n: 5, op: 'delete', value: 2 });

  const second = await runPair(dir, kvFlow(dir, 2), [
    { n: 1, cmd: { get: 'a' } },
    { n: 2, cmd: { get: 'b' } },
  ]);
  t.equal(second.status, 0, second.reports.join('\n'));
  t.same(
    byN(second.lines),
    [
      { n: 1, op: 'get', value: { x: '18446744073709551615' } },
      { n: 2, op: 'get', value: null },
    ],
    'a new deployment on the same store sees what the first left',
  );
});

t.test('crononome: two triggers of two entries reach the file, then the flow exits', async (t) => {
  const dir = tempDir(t, 'cron');
  const troy = `
define flow main
flow
  use tremor::connectors;
  define connector cron from crononome
  with config = {"entries": [{"name": "every", "expr": "* * * * * *", "payload": [1, 2]}, {"name": "never", "expr": "0 0 0 1 1 * 2099"}]} end;
  define connector output from file
  with codec = {"name": "json", "config": {"mode": "sorted"}}, postprocessors = ["separate"],
    config = {"path": ${str(path.join(dir, 'out.log'))}, "mode": "truncate"} end;
  define pipeline two
  into out, exit
  pipeline
    select {"trigger": event.trigger, "id": event.id, "meta": $crononome, "onramp": event.onramp} from in where event.id < 2 into out;
    select {"exit": 0} from in where event.id == 1 into exit;
  end;
  create connector cron; create connector output; create connector exit from connectors::exit;
  create pipeline two;
  connect /connector/cron to /pipeline/two;
  connect /pipeline/two/out to /connector/output;
  connect /pipeline/two/exit to /connector/exit;
end;
deploy flow main;`;
  const r = await runPair(dir, troy, []);
  t.equal(r.status, 0, r.reports.join('\n'));
  t.same(
    r.lines,
    [0, 1].map((id) => ({ id, onramp: 'crononome', trigger: { name: 'every', payload: [1, 2] }, meta: { trigger: 'every' } })),
  );
});
