/** Reference records for `std::range`, `std::path` and `std::size`. */
import type { FnDoc, ModuleDoc, ScriptExample } from './types.js';

export const rangeDocs: ModuleDoc = {
  name: 'std::range',
  doc: 'Ranges of integers, as arrays.',
  functions: [
    {
      name: 'std::range::range',
      params: ['start', 'end'],
      doc: 'The integers from `start` up to but not including `end`, in an array; empty when `end` is not above `start`.',
      examples: [
        { code: 'range::range(0, 5)', result: '[0,1,2,3,4]' },
        { code: 'range::range(-2, 1)', result: '[-2,-1,0]' },
        { code: 'range::range(3, 3)', result: '[]' },
      ],
    },
    {
      name: 'std::range::contains',
      params: ['range', 'n'],
      doc: 'Tells whether `n` lies between the first and the last element of `range`, both included; only those two elements are looked at, and an empty range contains nothing.',
      examples: [
        { code: 'range::contains(range::range(0, 10), 9)', result: 'true' },
        { code: 'range::contains(range::range(0, 10), 10)', result: 'false' },
        { code: 'range::contains([1, 5], 3.5)', result: 'true' },
        { code: 'range::contains([], 3)', result: 'false' },
      ],
    },
  ],
};

export const pathDocs: ModuleDoc = {
  name: 'std::path',
  doc: 'Looking up nested values without failing when they are missing.',
  functions: [
    {
      name: 'std::path::try_default',
      params: ['base', 'segments', 'otherwise'],
      doc: 'Follows `segments` into `base` (a string picks a record field, an integer an array element) and returns the value found, or `otherwise` when a step leads nowhere. A `null` base also gives `otherwise`, and an empty path gives `base` itself.',
      examples: [
        { code: 'path::try_default({"a": {"b": [10, 20]}}, ["a", "b", 1], "none")', result: '20' },
        { code: 'path::try_default({"a": {"b": [10, 20]}}, ["a", "c"], "none")', result: '"none"' },
        { code: 'path::try_default([1, 2], [5], "none")', result: '"none"' },
        { code: 'path::try_default(null, ["a"], "none")', result: '"none"' },
        { code: 'path::try_default({"a": 1}, [], "none")', result: '{"a":1}' },
      ],
    },
  ],
};

/** unit, factor, and its examples (the common rules are shown once each: floats, overflow) */
const UNITS: readonly [string, string, readonly ScriptExample[]][] = [
  [
    'kiB',
    '1024 (2^10)',
    [
      { code: 'size::kiB(2)', result: '2048' },
      { code: 'size::kiB(1.5)', result: '1536.0' },
    ],
  ],
  ['MiB', '1024^2 (2^20)', [{ code: 'size::MiB(2)', result: '2097152' }]],
  ['GiB', '1024^3 (2^30)', [{ code: 'size::GiB(1)', result: '1073741824' }]],
  ['TiB', '1024^4 (2^40)', [{ code: 'size::TiB(1)', result: '1099511627776' }]],
  ['PiB', '1024^5 (2^50)', [{ code: 'size::PiB(1)', result: '1125899906842624' }]],
  [
    'EiB',
    '1024^6 (2^60)',
    [
      { code: 'size::EiB(1)', result: '1152921504606846976' },
      { code: 'size::EiB(16)', error: 'over- or underflow' },
    ],
  ],
];

export const sizeDocs: ModuleDoc = {
  name: 'std::size',
  doc: 'Binary size units in bytes. An integer argument gives an integer and a float a float; an integer result beyond the 64-bit unsigned range is an overflow error.',
  functions: UNITS.map(
    ([unit, factor, examples]): FnDoc => ({
      name: `std::size::${unit}`,
      params: ['n'],
      doc: `The number of bytes in \`n\` ${unit}: \`n\` times ${factor}.`,
      examples,
    }),
  ),
};
