import t from 'tap';
import { verify, VerifyError } from '../../src/lang/verify.js';
import { compileScript } from '../../src/lang/script.js';

t.test('generated code passes verification', (t) => {
  const s = compileScript('let a = {"x": event.a}; match a of case %{ x == 1 } => "one" case _ => for [1, 2] of case (k, v) => v + 1 end end');
  t.doesNotThrow(() => verify(s.generated.source));
  t.end();
});

t.test('anything outside the allowlist is rejected', (t) => {
  const hostile = [
    'return process.exit(1);',
    'return require("fs");',
    'return (function(){}).constructor("return process")();',
    'const t0 = {}; return t0.constructor;',
    'const t0 = {}; return t0["constructor"];',
    'const t0 = {}; return t0["__proto__"];',
    'const t0 = {}; t0.prototype = 1;',
    'return {"__proto__": null};',
    'return { get x() { return 1; } };',
    'return this;',
    'return new Function("x");',
    'return eval("1");',
    'return `${1}`;',
    'return /x/;',
    'const t0 = [], t1 = "x"; t0[t1] = 1;',
    'const t0 = {}; t0.x = 1;',
    'throw 1;',
    'try { } catch (e) { }',
    'return import("fs");',
    'const t0 = {}; return t0.x();',
    'return globalThis;',
    'return H.nothere;',
    'delete t0;',
    'return async function () {};',
    'class A {}',
  ];
  for (const src of hostile) t.throws(() => verify(src), VerifyError, src);
  t.end();
});
