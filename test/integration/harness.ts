/**
 * End-to-end flows for the integration suite: a troy deployment reads `in.json` (one JSON
 * value per line) from a temporary folder, sends it through a client connector to a server
 * connector of the same flow, and the receiving pipeline writes what arrives to `out.log`
 * (sorted JSON lines), then asks the exit connector to stop after `expect` events. The test
 * asserts the file and that the deployment ends with status 0 on its own (clean shutdown).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deploy } from '../../src/app/deploy.js';
import { DEADLINE_MS } from '../until.js';

export interface PairRun {
  status: number;
  lines: unknown[];
  reports: string[];
  dir: string;
}

/** a folder for one flow's files, removed when the test ends */
export function tempDir(t: { teardown(f: () => void): void }, name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tremor-it-${name}-`));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export { freePort } from '../free-port.js';

const isMessage = (d: unknown): d is { message: string } => typeof d === 'object' && d !== null && typeof (d as { message?: unknown }).message === 'string';

/** a troy string literal */
export const str = (s: string): string => JSON.stringify(s);

/**
 * The flow: `input` (file) → `send` pipeline → `client` connector; `server` connector →
 * `receive` pipeline → `output` (file), and `exit` once `expect` events arrived. `client` and
 * `server` are the bodies of `define connector … end` (from `from` on). `reply` also connects
 * the server back to itself through an `echo` pipeline (for request/response servers), and
 * `receiveFrom` names what the receiving pipeline reads (default `server`; e.g. `client` for
 * the client's responses, `client/err` for its failures).
 */
export function pairFlow(o: { dir: string; client: string; server: string; expect: number; send?: string; receive?: string; reply?: string; receiveFrom?: string }): string {
  const inFile = str(path.join(o.dir, 'in.json'));
  const outFile = str(path.join(o.dir, 'out.log'));
  return `
define flow main
flow
  use tremor::connectors;

  define connector input from file
  with codec = "json", preprocessors = ["separate"], config = {"path": ${inFile}, "mode": "read"}
  end;
  define connector output from file
  with codec = {"name": "json", "config": {"mode": "sorted"}}, postprocessors = ["separate"],
    config = {"path": ${outFile}, "mode": "truncate"}
  end;
  define connector client ${o.client} end;
  define connector server ${o.server} end;

  define pipeline send pipeline
    ${o.send ?? 'select event from in into out;'}
  end;
  define pipeline receive
  into out, exit
  pipeline
    define script count script
      let state = match state of case null => 1 case _ => state + 1 end;
      let $n = state;
      emit event
    end;
    create script count;
    select event from in into count;
    ${o.receive ?? 'select event from count into out;'}
    select {"exit": 0} from count where $n == ${o.expect} into exit;
  end;
  ${o.reply ? `define pipeline echo pipeline ${o.reply} end; create pipeline echo;` : ''}

  # the server is created (and so started) before the input starts reading
  create connector server; create connector client; create connector output; create connector input;
  create connector exit from connectors::exit;
  create pipeline send; create pipeline receive;

  connect /connector/input to /pipeline/send;
  connect /pipeline/send to /connector/client;
  connect /connector/${o.receiveFrom ?? 'server'} to /pipeline/receive;
  connect /pipeline/receive/out to /connector/output;
  connect /pipeline/receive/exit to /connector/exit;
  ${o.reply ? 'connect /connector/server to /pipeline/echo; connect /pipeline/echo to /connector/server;' : ''}
end;
deploy flow main;
`;
}

/** writes `input` as in.json, runs the troy source to its end (`timeoutMs` only guards a hung flow), reads out.log */
export async function runPair(dir: string, troy: string, input: unknown[], timeoutMs = DEADLINE_MS): Promise<PairRun> {
  fs.writeFileSync(path.join(dir, 'in.json'), input.map((v) => JSON.stringify(v) + '\n').join(''));
  const reports: string[] = [];
  const h = deploy(troy, { report: (d) => reports.push(d instanceof Error ? d.message : isMessage(d) ? d.message : String(d)) });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((resolve) => {
    timer = setTimeout(() => {
      reports.push(`timed out after ${timeoutMs} ms`);
      void h.stop().then(() => resolve(-1));
    }, timeoutMs);
  });
  const status = await Promise.race([h.done, timeout]);
  clearTimeout(timer);
  const out = path.join(dir, 'out.log');
  const text = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  return {
    status,
    lines: text.trim()
      ? text
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l))
      : [],
    reports,
    dir,
  };
}
