/** What an extractor is: a rule prepared once into a test that returns the extraction. */
import type { Value } from '../../runtime/value.js';

export type ExtractorTest = (s: string, ctx: unknown) => Value | undefined;
export type Prepare = (rule: string) => ExtractorTest;

/** thrown by a Prepare function when the rule is invalid */
export class ExtractorRuleError extends Error {}
