import t from 'tap';
import { prepareExtractor } from '../../src/std/extractors/index.js';

function cidr(rule: string) {
  const p = prepareExtractor('cidr', rule);
  if ('error' in p) throw new Error(p.error);
  return (s: string) => p.test(s, undefined);
}
const error = (rule: string) => {
  const p = prepareExtractor('cidr', rule);
  return 'error' in p ? p.error : undefined;
};

t.test('any address or CIDR', (t) => {
  const any = cidr('');
  t.same(any('192.168.1.1'), { prefix: [192, 168, 1, 1], mask: [255, 255, 255, 255] });
  t.same(any('192.168.1.0/24'), { prefix: [192, 168, 1, 0], mask: [255, 255, 255, 0] });
  t.same(any('10.1.2.3/8'), { prefix: [10, 0, 0, 0], mask: [255, 0, 0, 0] }, 'host bits are masked');
  t.same(any('10.1.0.0/255.255.0.0'), { prefix: [10, 1, 0, 0], mask: [255, 255, 0, 0] });
  t.same(any('192.168'), { prefix: [192, 168, 0, 0], mask: [255, 255, 0, 0] }, 'short form implies the length');
  t.same(any('2001:4860:4860:0000:0000:0000:0000:8888'), {
    prefix: [8193, 18528, 18528, 0, 0, 0, 0, 34952],
    mask: [65535, 65535, 65535, 65535, 65535, 65535, 65535, 65535],
  });
  t.same(any('2001:db8::/32'), { prefix: [8193, 3512, 0, 0, 0, 0, 0, 0], mask: [65535, 65535, 0, 0, 0, 0, 0, 0] });
  t.same(any('::ffff:1.2.3.4'), { prefix: [0, 0, 0, 0, 0, 65535, 258, 772], mask: Array(8).fill(65535) });
  for (const bad of ['snot', '256.1.1.1', '1.2.3.4/33', '192.168/24', '01.2.3.4', '1::2::3', '10.0.0.0/255.0.255.0', '']) {
    t.equal(any(bad), undefined, bad);
  }
  t.end();
});

t.test('ranges', (t) => {
  const one = cidr('10.22.0.0/24');
  t.same(one('10.22.0.254'), { prefix: [10, 22, 0, 254], mask: [255, 255, 255, 255] });
  t.equal(one('10.22.1.1'), undefined);
  t.equal(one('10.22.0.0/24'), undefined, 'only plain addresses are tested against ranges');
  const two = cidr('10.22.0.0/24, 10.22.1.0/24');
  t.same(two('10.22.1.7'), { prefix: [10, 22, 1, 7], mask: [255, 255, 255, 255] });
  t.equal(two('99.98.97.96'), undefined);
  t.equal(two('snot'), undefined);
  t.end();
});

t.test('bad rules', (t) => {
  t.match(error('snot'), /could not parse CIDR: 'snot'/);
  t.match(error('10.0.0.0/8, 300.1.1.1'), /could not parse CIDR/);
  t.match(error('2001:db8::/32'), /IPv6 CIDR not supported/);
  t.end();
});
