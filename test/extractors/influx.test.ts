import t from 'tap';
import { prepareExtractor } from '../../src/std/extractors/index.js';
import { FloatBox } from '../../src/runtime/value.js';

function influx(ingestNs: number | bigint = 42) {
  const p = prepareExtractor('influx', '');
  if ('error' in p) throw new Error(p.error);
  return (s: string) => p.test(s, { ingestNs });
}

t.test('lines', (t) => {
  t.same(influx()('wea\\ ther,location=us-midwest temperature=82.0 1465839830100400200'), {
    measurement: 'wea ther',
    tags: { location: 'us-midwest' },
    fields: { temperature: new FloatBox(82) },
    timestamp: 1465839830100400200n,
  });
  t.same(influx()('weather temperature=82'), {
    measurement: 'weather',
    tags: {},
    fields: { temperature: new FloatBox(82) },
    timestamp: 42,
  });
  t.same(influx()('m,a\\,b=c\\ d,x=y i=-3i,f=1.5,s="a \\"q\\", b",b=t,B=FALSE 1'), {
    measurement: 'm',
    tags: { 'a,b': 'c d', x: 'y' },
    fields: { i: -3, f: 1.5, s: 'a "q", b', b: true, B: false },
    timestamp: 1,
  });
  t.end();
});

t.test('no match', (t) => {
  for (const bad of ['', '# comment', 'snot', '123', 'm f=', 'm f=abc', 'm,t f=1', 'm,t=a=b f=1', 'm f=1 notanumber', 'm f=1x', 'm f=1ix', 'm f="s"x', 'm f=1 -5']) {
    t.equal(influx()(bad), undefined, bad);
  }
  t.end();
});

t.test('the rule is ignored', (t) => {
  t.notOk('error' in prepareExtractor('influx', 'anything'));
  t.end();
});
