/**
 * A connector or pipeline `create`d twice in one flow: Tremor builds both (so either can fail
 * the deployment) and keeps the later one under the alias; every link reaches it.
 */
import t from 'tap';
import { compileDeployment } from '../../src/deploy/compile.js';
import { CompileError } from '../../src/base/diagnostics.js';

const flow = (body: string) => `define flow main flow\n${body}\nend;\ndeploy flow main;`;

t.test('the later create of a connector replaces the earlier; a warning says so', async (t) => {
  const { plan, warnings } = compileDeployment(
    flow(`
  define connector slow from exit with config = {"delay": 100} end;
  define connector fast from exit;
  define connector tick from metronome with config = {"interval": 10} end;
  define pipeline pass pipeline select event from in into out; end;
  create connector exit from slow;
  create connector tick;
  create pipeline pass;
  create connector exit from fast;
  connect /connector/tick to /pipeline/pass;
  connect /pipeline/pass to /connector/exit;`),
  );
  const [f] = plan.flows;
  t.same(
    f.connectors.map((c) => c.alias),
    ['exit', 'tick'],
  );
  t.same(f.connectors[0].config, { delay: 0, graceful: true }, 'one `exit`, configured as the later create says');
  t.same(
    f.links.map((l) => `${l.from.alias}->${l.to.alias}`),
    ['tick->pass', 'pass->exit'],
  );
  t.equal(warnings.length, 1);
  t.match(warnings[0], { code: 'D009', severity: 'warning', message: /The connector `exit` is created twice in flow `main`: the later `create` replaces the earlier one/ });
});

t.test('a pipeline created twice: the later one', async (t) => {
  const { plan } = compileDeployment(
    flow(`
  define pipeline a into out, extra pipeline select event from in into out; end;
  define pipeline b pipeline select event from in into out; end;
  create pipeline p from a;
  create pipeline p from b;`),
  );
  t.same(
    plan.flows[0].pipelines.map((p) => [p.alias, p.outputs]),
    [['p', ['out', 'err']]],
  );
});

t.test('a bad earlier create still fails the deployment, as Tremor builds it too', async (t) => {
  t.throws(
    () =>
      compileDeployment(
        flow(`
  define connector bad from exit with config = {"delay": -1} end;
  define connector good from exit;
  create connector exit from bad;
  create connector exit from good;`),
      ),
    CompileError,
  );
});
