/**
 * stdio and file end to end: a deployment run by the command line as a user would (stdin →
 * pipeline → stdout, bad lines → stderr), and a file written by one deployment with one codec
 * and postprocessor chain, then read back by another.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runPair, str, tempDir } from './harness.js';
import { deploy } from '../../src/app/deploy.js';
import { root } from '../root.js';

const cli = path.join(root, 'bin/tremor-stream.js');

t.test('stdio: stdin → pipeline → stdout, decode errors → stderr, exit 0 at the end of stdin', (t) => {
  const dir = tempDir(t, 'stdio');
  const app = path.join(dir, 'app.troy');
  fs.writeFileSync(
    app,
    `define flow main
flow
  define connector console from stdio
  with codec = "json", preprocessors = ["separate"], postprocessors = ["separate"] end;
  define pipeline double
  into out, err
  pipeline
    select {"n": event.n, "twice": event.n * 2} from in into out;
  end;
  define pipeline errors pipeline
    select {"bad": event.data} from in into out;
  end;
  create connector console;
  create pipeline double;
  create pipeline errors;
  connect /connector/console to /pipeline/double;
  connect /connector/console/err to /pipeline/errors;
  connect /pipeline/double to /connector/console;
  connect /pipeline/errors to /connector/console/stderr;
end;
deploy flow main;
`,
  );
  const r = spawnSync(process.execPath, [cli, 'run', app], { cwd: dir, input: '{"n":1}\n{"n":2}\nnot json\n{"n":3}', encoding: 'utf8', timeout: 15_000 });
  t.equal(r.status, 0, r.stderr);
  t.equal(r.stdout, '{"n":1,"twice":2}\n{"n":2,"twice":4}\n{"n":3,"twice":6}\n', 'every good line, the last one without a newline too');
  t.equal(r.stderr, '{"bad":"not json"}\n', 'the bad line, raw, on stderr');
  t.end();
});

t.test('file: msgpack + length-prefixed + gzip written by one deployment, read back by another', async (t) => {
  const dir = tempDir(t, 'file');
  const data = path.join(dir, 'events.bin');
  const events = [{ a: 1 }, { b: [1.5, 'x'] }, { c: { nested: true } }, 'text', 42];
  fs.writeFileSync(path.join(dir, 'in.json'), events.map((e) => JSON.stringify(e) + '\n').join(''));
  const write = deploy(`define flow main flow
    define connector input from file with codec = "json", preprocessors = ["separate"], config = {"path": ${str(path.join(dir, 'in.json'))}, "mode": "read"} end;
    define connector store from file with codec = "msgpack", postprocessors = ["length-prefixed", "gzip"], config = {"path": ${str(data)}, "mode": "truncate"} end;
    define pipeline pass pipeline select event from in into out; end;
    create connector input; create connector store; create pipeline pass;
    connect /connector/input to /pipeline/pass; connect /pipeline/pass to /connector/store;
  end; deploy flow main;`);
  t.equal(await write.done, 0, 'the writer ends when its input is consumed');
  const bytes = fs.readFileSync(data);
  t.same([...bytes.subarray(0, 2)], [0x1f, 0x8b], 'gzip framing on disk');
  // read it back: the reverse chain, into the harness's out.log
  const r = await runPair(
    dir,
    `define flow main flow
      use tremor::connectors;
      define connector store from file with codec = "msgpack", preprocessors = ["gzip", "length-prefixed"], config = {"path": ${str(data)}, "mode": "read"} end;
      define connector output from file with codec = {"name": "json", "config": {"mode": "sorted"}}, postprocessors = ["separate"], config = {"path": ${str(path.join(dir, 'out.log'))}, "mode": "truncate"} end;
      define pipeline pass pipeline select event from in into out; end;
      create connector store; create connector output; create pipeline pass;
      connect /connector/store to /pipeline/pass; connect /pipeline/pass to /connector/output;
    end; deploy flow main;`,
    [],
  );
  t.equal(r.status, 0, r.reports.join('\n'));
  t.same(r.lines, events);
});
