/**
 * `cidr||` / `cidr|range, range…|`: IP addresses and CIDR blocks (Tremor's cidr extractor on
 * top of the `cidr-utils` crate).
 *
 * With an empty rule any IPv4/IPv6 address or CIDR string matches and yields its network
 * prefix and mask, as octets (IPv4) or 16-bit segments (IPv6). With a rule, the input must be
 * a plain dotted-quad IPv4 address inside one of the listed IPv4 ranges.
 */
import type { Value } from '../../runtime/value.js';
import { ExtractorRuleError, type ExtractorTest } from './extractor.js';

type Cidr = { v6: boolean; prefix: bigint; bits: number };

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9]{1,2}|[1-9]?[0-9])';
const OCT = OCTET.replace('(', '(?:');
/**
 * cidr-utils' IPv4 CIDR syntax: one to four octets (missing trailing octets imply a /8, /16
 * or /24 network, which an explicit length must then agree with), then `/bits` or `/mask`
 */
const V4_CIDR = new RegExp(`^${OCTET}(?:\\.${OCTET}(?:\\.${OCTET}(?:\\.${OCTET})?)?)?` + `(?:/(?:([0-9]|30|31|32|[12][0-9])|(${OCT}\\.${OCT}\\.${OCT}\\.${OCT})))?$`);
const V6_CIDR = /^([^/]+)(?:\/(12[0-8]|1[01][0-9]|[1-9][0-9]|[0-9]))?$/;

const maskOf = (bits: number, width: number): bigint => ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - bits)) - 1n);

/** Rust's `Ipv4Addr::from_str`: exactly four decimal octets, no leading zeros */
function parseV4Addr(s: string): bigint | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  let n = 0n;
  for (const p of m.slice(1)) {
    if ((p.length > 1 && p[0] === '0') || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(p);
  }
  return n;
}

/** Rust's `Ipv6Addr::from_str`: hex groups, one `::`, an optional trailing dotted quad */
function parseV6Addr(s: string): bigint | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string, allowV4: boolean): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      if (allowV4 && i === items.length - 1 && it.includes('.')) {
        const v4 = parseV4Addr(it);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(it)) out.push(parseInt(it, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0], halves.length === 1);
  const tail = halves.length === 2 ? groups(halves[1], true) : [];
  if (!head || !tail) return undefined;
  const n = head.length + tail.length;
  if (halves.length === 1 ? n !== 8 : n > 7) return undefined;
  const all = [...head, ...new Array<number>(8 - n).fill(0), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** cidr-utils' `IpCidr::from_str` (IPv4 first, then IPv6); host bits are masked off */
function parseCidr(s: string): Cidr | undefined {
  const m = V4_CIDR.exec(s);
  if (m) {
    const octets = [m[1], m[2], m[3], m[4]];
    const given = octets.filter((o) => o !== undefined).length;
    const implied = given < 4 ? given * 8 : undefined;
    let bits = implied ?? 32;
    if (m[5] !== undefined) bits = Number(m[5]);
    else if (m[6] !== undefined) {
      // a dotted mask must be contiguous ones from the top
      const mask = parseV4Addr(m[6]) ?? 0n;
      const zero = mask.toString(2).padStart(32, '0').indexOf('0');
      bits = zero < 0 ? 32 : zero;
      if (maskOf(bits, 32) !== mask) return undefined;
    }
    if (implied !== undefined && (m[5] !== undefined || m[6] !== undefined) && bits !== implied) return undefined;
    const prefix = octets.reduce((acc, o) => (acc << 8n) | BigInt(o ?? 0), 0n);
    return { v6: false, prefix: prefix & maskOf(bits, 32), bits };
  }
  const m6 = V6_CIDR.exec(s);
  const addr = m6 ? parseV6Addr(m6[1]) : undefined;
  if (!m6 || addr === undefined) return undefined;
  const bits = m6[2] === undefined ? 128 : Number(m6[2]);
  return { v6: true, prefix: addr & maskOf(bits, 128), bits };
}

function split(n: bigint, count: number, width: number): number[] {
  const out: number[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(Number((n >> BigInt(i * width)) & ((1n << BigInt(width)) - 1n)));
  return out;
}

function toValue(c: Cidr): Value {
  const [count, width, total] = c.v6 ? [8, 16, 128] : [4, 8, 32];
  return { prefix: split(c.prefix, count, width), mask: split(maskOf(c.bits, total), count, width) };
}

/**
 * Tremor's own parser for range rules: `a[.b[.c[.d]]][/len]` where a shorter address fills
 * the LAST octet first (`1.2` is 1.0.0.2); IPv6 ranges are refused.
 */
function parseRange(rule: string): Cidr {
  if (rule === '') return { v6: false, prefix: 0n, bits: 32 }; // what Tremor's parser makes of it
  // like Tremor's parser, only one or two digits after `/` are read and anything after two is ignored
  const m = /^(\d+)(?:\.(\d+)(?:\.(\d+)(?:\.(\d+))?)?)?(?:\/(\d)(?:(\d)[\s\S]*)?)?$/.exec(rule);
  const nums = m ? [m[1], m[2], m[3], m[4]].filter((x) => x !== undefined).map(Number) : [];
  const bits = m?.[5] === undefined ? 32 : Number(m[5] + (m[6] ?? ''));
  if (m && nums.every((n) => n <= 255) && bits <= 32) {
    const [a, b, c, d] = nums.length === 1 ? [0, 0, 0, nums[0]] : nums.length === 2 ? [nums[0], 0, 0, nums[1]] : nums.length === 3 ? [nums[0], nums[1], 0, nums[2]] : nums;
    const addr = (BigInt(a) << 24n) | (BigInt(b) << 16n) | (BigInt(c) << 8n) | BigInt(d);
    return { v6: false, prefix: addr & maskOf(bits, 32), bits };
  }
  if (parseCidr(rule)?.v6) throw new ExtractorRuleError(`IPv6 CIDR not supported: '${rule}'`);
  throw new ExtractorRuleError(`could not parse CIDR: '${rule}'`);
}

export function cidr(rule: string): ExtractorTest {
  if (rule === '') {
    return (s) => {
      const c = parseCidr(s);
      return c ? toValue(c) : undefined;
    };
  }
  const ranges = rule.split(',').map((r) => parseRange(r.trim()));
  return (s) => {
    const addr = parseV4Addr(s);
    if (addr === undefined) return undefined;
    if (!ranges.some((r) => (addr & maskOf(r.bits, 32)) === r.prefix)) return undefined;
    const c = parseCidr(s);
    return c ? toValue(c) : undefined;
  };
}
