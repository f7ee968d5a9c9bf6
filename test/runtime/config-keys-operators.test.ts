/**
 * Operator configuration keys with what they do, through real queries: debug::history's `op`
 * (the label of each entry) and `name` (the metadata array it appends to), qos::roundrobin's
 * `outputs` (the ports it serves in turn).
 */
import t from 'tap';
import { runQuery } from '../helpers.js';

t.test('debug::history appends "evt: <op>(<event id>)" to the metadata array `name`', (t) => {
  const { out, errors } = runQuery(
    `define operator first from debug::history with op = "first", name = "trail" end;
     define operator second from debug::history with op = "second", name = "trail" end;
     define operator aside from debug::history with op = "aside", name = "elsewhere" end;
     create operator first; create operator second; create operator aside;
     select event from in into first;
     select event from first into second;
     select event from second into aside;
     select {"event": event, "trail": $trail, "elsewhere": $elsewhere} from aside into out;`,
    ['"a"', '"b"'],
  );
  t.same(errors, []);
  t.same(out, [
    '{"event":"a","trail":["evt: first(0:0:0:0)","evt: second(0:0:0:0)"],"elsewhere":["evt: aside(0:0:0:0)"]}',
    '{"event":"b","trail":["evt: first(0:0:1:1)","evt: second(0:0:1:1)"],"elsewhere":["evt: aside(0:0:1:1)"]}',
  ]);
  t.end();
});

t.test('qos::roundrobin sends events to its `outputs` ports in turn, and to no other', (t) => {
  const { out, errors } = runQuery(
    `define operator rr from qos::roundrobin with outputs = ["a", "b", "c"] end;
     create operator rr;
     select event from in into rr;
     select {"a": event} from rr/a into out;
     select {"b": event} from rr/b into out;
     select {"c": event} from rr/c into out;
     select {"out": event} from rr/out into out;`,
    ['1', '2', '3', '4', '5', '6', '7'],
  );
  t.same(errors, []);
  t.same(out, ['{"a":1}', '{"b":2}', '{"c":3}', '{"a":4}', '{"b":5}', '{"c":6}', '{"a":7}']);
  t.end();
});

t.test('qos::roundrobin with two outputs alternates between them', (t) => {
  const { out } = runQuery(
    `define operator rr from qos::roundrobin with outputs = ["left", "right"] end;
     create operator rr;
     select event from in into rr;
     select {"left": event} from rr/left into out;
     select {"right": event} from rr/right into out;`,
    ['1', '2', '3', '4'],
  );
  t.same(out, ['{"left":1}', '{"right":2}', '{"left":3}', '{"right":4}']);
  t.end();
});
