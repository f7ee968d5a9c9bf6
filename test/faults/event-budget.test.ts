/**
 * The per-event time budget (src/runtime/budget.ts): a runaway loop or recursion fails its
 * event with a runtime error at the loop or call, the error goes to `err`, and the next event
 * still comes out. The budget here is 1 ms (TREMOR_EVENT_BUDGET_MS), so the runaway events
 * always exceed it; the tests assert the outcome, not how long it took.
 */
import t from 'tap';
import { runQuery } from '../helpers.js';
import { budgetMs, DEFAULT_BUDGET_MS } from '../../src/runtime/budget.js';

process.env.TREMOR_EVENT_BUDGET_MS = '1';

const pipeline = (body: string) => `define script runaway
script
${body}
end;
create script runaway;
select event from in into runaway;
select event from runaway into out;
select event from runaway/err into err;
`;

/** the err port's rendered error of a run, and what came out of out */
function outcome(body: string, events: unknown[]) {
  const r = runQuery(
    pipeline(body),
    events.map((e) => JSON.stringify(e)),
  );
  const errs = r.out.filter((l) => l.startsWith('err ')).map((l) => JSON.parse(l.slice(4)).error as string);
  const outs = r.out.filter((l) => !l.startsWith('err '));
  return { errs, outs, thrown: r.errors };
}

// Tremor has no non-tail recursion (a function cannot call itself, only `recur`), and `recur`
// stops at 1024 steps (R009); a recursion runs away when each of its steps does a lot of work
t.test('a recur whose every step loops goes to err, and the next event comes out', (t) => {
  const body = `  fn spin(n, xs) with
    let ys = for xs of case (i, v) => for xs of case (j, w) => i + j end end;
    recur(n + 1, xs)
  end;
  match event of
    case [] => event
    case _ => spin(0, event)
  end`;
  const big = Array.from({ length: 300 }, (_, i) => i);
  const r = outcome(body, [big, []]);
  t.same(r.thrown, []);
  t.equal(r.errs.length, 1);
  t.match(r.errs[0], /Event time budget exceeded/);
  t.match(r.errs[0], /\n {4}4 \| {5}let ys = for xs of .*\n {6}\| +\^+ Event time budget/, 'the callout underlines the loop of the recursion');
  t.same(r.outs, ['[]']);
  t.end();
});

t.test('nested for loops over a big array go to err at the loop', (t) => {
  const body = `  let xs = for event of case (i, v) => for event of case (j, w) => for event of case (k, x) => i + j + k end end end;
  emit "done"`;
  const big = Array.from({ length: 400 }, (_, i) => i);
  const r = outcome(body, [big, [1]]);
  t.equal(r.errs.length, 1);
  t.match(r.errs[0], /Event time budget exceeded/);
  t.match(r.errs[0], /\n {4}3 \| {3}let xs = for event of .*\n {6}\| +\^+ Event time budget exceeded/, 'the callout underlines a loop');
  t.same(r.outs, ['"done"']);
  t.end();
});

t.test('short loops stay well within the budget', (t) => {
  const r = outcome('  for event of case (i, v) => v * 2 end', [[1, 2, 3]]);
  t.same(r.errs, []);
  t.same(r.outs, ['[2,4,6]']);
  t.end();
});

t.test('the budget is read from TREMOR_EVENT_BUDGET_MS', (t) => {
  t.equal(budgetMs({}), DEFAULT_BUDGET_MS);
  t.equal(DEFAULT_BUDGET_MS, 1000);
  t.equal(budgetMs({ TREMOR_EVENT_BUDGET_MS: '250' }), 250);
  t.equal(budgetMs({ TREMOR_EVENT_BUDGET_MS: '0' }), Infinity, '0 turns it off');
  t.equal(budgetMs({ TREMOR_EVENT_BUDGET_MS: 'soon' }), DEFAULT_BUDGET_MS, 'a bad value keeps the default');
  t.end();
});
