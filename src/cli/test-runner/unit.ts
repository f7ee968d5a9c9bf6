/**
 * Tremor's unit tests: `all.tremor` files whose `test::suite` / `test::test` records
 * (std::test) are evaluated, each test a pass or a failure. Not supported yet: every suite
 * found is reported as a SKIP, so a run says what it left out.
 */
import type { TestCase } from './analyse.js';
import { emptyResult, type TestResult } from './result.js';

export const UNIT_UNSUPPORTED = 'unit tests are not supported yet';

export function runUnitSuite(t: TestCase): TestResult {
  const r = emptyResult('unit', t.name);
  r.result = 'SKIP';
  r.reason = UNIT_UNSUPPORTED;
  return r;
}
