import t from 'tap';
import { runQuery, runScript } from '../helpers.js';
import { compileScript } from '../../src/lang/script.js';

// A query can never run code it did not spell: user strings, keys and identifiers only ever
// become data. Each case would escape if it reached the generated code unescaped.
t.test('hostile string literals are data', (t) => {
  const payloads = ['"); process.exit(1); ("', "'); process.exit(1); ('", '`${process.exit(1)}`', '\\u0022); process.exit(1); //', '\u2028\u2029', '</script><script>alert(1)</script>', '*/ process.exit(1) /*'];
  for (const p of payloads) {
    const lit = JSON.stringify(p).replace(/#/g, '\\#');
    t.equal(runScript(lit), JSON.stringify(p), `literal ${p}`);
    t.equal(runScript(`{${lit}: 1}`), `{${JSON.stringify(p)}:1}`, `key ${p}`);
  }
  t.end();
});

t.test('hostile keys read and write own data only', (t) => {
  for (const k of ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'length', '0']) {
    const src = `let event.\`${k}\` = "x"; event.\`${k}\``;
    t.equal(runScript(src, '{}'), '"x"', `let/read ${k}`);
    t.throws(() => runScript(`event.\`${k}\``, '{}'), /non existing event key/, `missing ${k} is an error, not a JS property`);
    t.equal(runScript(`present event.\`${k}\``, '{}'), 'false', `present ${k}`);
    t.equal(runScript(`event["${k}"]`, `{"${k}": 1}`), '1', `index ${k}`);
  }
  t.throws(() => runScript('let x = {}; let x.`__proto__` = {"polluted": true}; {}.polluted', '{}'), /non existing/, 'no prototype pollution');
  t.equal(runScript('let x = {}; let x.`__proto__` = {"polluted": true}; x', '{}'), '{"__proto__":{"polluted":true}}', '__proto__ is an own key');
  t.end();
});

t.test('hostile identifiers stay names', (t) => {
  t.equal(runScript('let `process.exit(1)` = 1; `process.exit(1)` + 1'), '2');
  t.equal(runScript('let `constructor` = 2; `constructor`'), '2');
  t.equal(runScript('fn `toString`(x) with x end; `toString`(3)'), '3');
  const gen = compileScript('let `a"b` = 1; `a"b`').generated.source;
  t.notMatch(gen, /a"b/, 'identifier text never appears in generated code');
  t.end();
});

t.test('hostile strings through a query', (t) => {
  const r = runQuery('select {"k": event["constructor"], "p": event.`__proto__`} from in into out', ['{"constructor": "c", "__proto__": "p"}']);
  t.same(r.out, ['{"k":"c","p":"p"}']);
  t.end();
});
