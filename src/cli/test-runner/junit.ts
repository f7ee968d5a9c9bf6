/**
 * The JUnit XML report (`--junit FILE`), as CI systems read it: one `<testsuite>` per kind of
 * test with its counts and time, one `<testcase classname="<kind>">` per test, a `<failure>`
 * (message: the reason; body: the failing assertions, stderr tail and known differences) or a
 * `<skipped>` in it.
 */
import type { TestResult } from './result.js';
import { KINDS } from './result.js';

/** text for an XML attribute or element: escaped, characters XML 1.0 forbids dropped */
export function xmlEscape(s: string): string {
  return (
    s
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed
      .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

const secs = (ms: number): string => (ms / 1000).toFixed(3);

function testcase(r: TestResult): string {
  const open = `    <testcase classname="${xmlEscape(r.kind)}" name="${xmlEscape(r.name)}" time="${secs(r.durationMs)}"`;
  if (r.result === 'PASS') return `${open}/>`;
  if (r.result === 'SKIP') return `${open}>\n      <skipped message="${xmlEscape(r.reason)}"/>\n    </testcase>`;
  const body = [...r.asserts.filter((a) => !a.ok).map((a) => a.detail), ...r.stderrTail.map((l) => `stderr| ${l}`), ...r.known.map((k) => `known difference: ${k}`)];
  return `${open}>\n      <failure message="${xmlEscape(r.reason)}">${xmlEscape((body.length ? body : [r.reason]).join('\n'))}</failure>\n    </testcase>`;
}

/** the report of a run (`name`: the testsuites' name) */
export function junitXml(results: readonly TestResult[], name = 'tremor-stream test'): string {
  const suites: string[] = [];
  for (const kind of KINDS) {
    const rs = results.filter((r) => r.kind === kind);
    if (!rs.length) continue;
    const failures = rs.filter((r) => r.result === 'FAIL').length;
    const skipped = rs.filter((r) => r.result === 'SKIP').length;
    const time = rs.reduce((s, r) => s + r.durationMs, 0);
    suites.push(`  <testsuite name="${kind}" tests="${rs.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${secs(time)}">\n${rs.map(testcase).join('\n')}\n  </testsuite>`);
  }
  const all = results.length;
  const failures = results.filter((r) => r.result === 'FAIL').length;
  const skipped = results.filter((r) => r.result === 'SKIP').length;
  const time = results.reduce((s, r) => s + r.durationMs, 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlEscape(name)}" tests="${all}" failures="${failures}" errors="0" skipped="${skipped}" time="${secs(time)}">\n${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`;
}
