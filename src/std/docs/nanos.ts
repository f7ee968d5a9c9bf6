/** Reference records for `std::time::nanos`. */
import type { FnDoc, ModuleDoc, ScriptExample } from './types.js';

/** unit (plural, as in the function names), its size in nanoseconds, examples for from_ and to_ */
const UNITS: readonly [string, string, ScriptExample, ScriptExample][] = [
  ['weeks', '604800000000000', { code: 'nanos::from_weeks(1)', result: '604800000000000' }, { code: 'nanos::to_weeks(1209600000000000)', result: '2.0' }],
  ['days', '86400000000000', { code: 'nanos::from_days(1)', result: '86400000000000' }, { code: 'nanos::to_days(129600000000000)', result: '1.5' }],
  ['hours', '3600000000000', { code: 'nanos::from_hours(2)', result: '7200000000000' }, { code: 'nanos::to_hours(5400000000000)', result: '1.5' }],
  ['minutes', '60000000000', { code: 'nanos::from_minutes(1) == nanos::NANOS_PER_MINUTE', result: 'true' }, { code: 'nanos::to_minutes(90000000000)', result: '1.5' }],
  ['seconds', '1000000000', { code: 'nanos::from_seconds(15)', result: '15000000000' }, { code: 'nanos::to_seconds(1500000000)', result: '1.5' }],
  ['millis', '1000000', { code: 'nanos::from_millis(250)', result: '250000000' }, { code: 'nanos::to_millis(2000000)', result: '2.0' }],
  ['micros', '1000', { code: 'nanos::from_micros(3)', result: '3000' }, { code: 'nanos::to_micros(1500)', result: '1.5' }],
];

const singular: Readonly<Record<string, string>> = { weeks: 'week', days: 'day', hours: 'hour', minutes: 'minute', seconds: 'second', millis: 'millisecond', micros: 'microsecond' };

const fromFns = UNITS.map(
  ([unit, ns, example], i): FnDoc => ({
    name: `std::time::nanos::from_${unit}`,
    params: ['n'],
    doc: `\`n\` ${unit} in nanoseconds: \`n\` times ${ns}.`,
    // the shared rules, shown once: a float stays a float
    examples: i === 4 ? [example, { code: 'nanos::from_seconds(1.5)', result: '1500000000.0' }] : [example],
  }),
);

const toFns = UNITS.map(
  ([unit, ns, , example]): FnDoc => ({
    name: `std::time::nanos::to_${unit}`,
    params: ['ns'],
    doc: `A number of nanoseconds in ${unit}: \`ns\` divided by ${ns}, always a float.`,
    examples: [example],
  }),
);

/** truncate_* exist for every unit but weeks */
const TRUNCATED: readonly [string, string][] = [
  ['days', '1699920000000000000'],
  ['hours', '1699999200000000000'],
  ['minutes', '1699999980000000000'],
  ['seconds', '1700000000000000000'],
  ['millis', '1700000000123000000'],
  ['micros', '1700000000123456000'],
];

const truncateFns = TRUNCATED.map(
  ([unit, result]): FnDoc => ({
    name: `std::time::nanos::truncate_${unit}`,
    params: ['ns'],
    doc: `Rounds an integer timestamp in nanoseconds down to a whole ${singular[unit]}; a negative timestamp goes to the earlier ${singular[unit]}.`,
    examples: [{ code: `nanos::truncate_${unit}(1700000000123456789)`, result }, ...(unit === 'seconds' ? [{ code: 'nanos::truncate_seconds(-1500000000)', result: '-2000000000' }] : [])],
  }),
);

export const nanosDocs: ModuleDoc = {
  name: 'std::time::nanos',
  doc: 'Durations and timestamps in nanoseconds, the unit of `ingest_ns` and of window intervals. The `from_` functions keep integers integers; the module also holds the constants `NANOS_PER_MICROSECOND` up to `NANOS_PER_WEEK`.',
  functions: [...fromFns, ...toFns, ...truncateFns],
};
