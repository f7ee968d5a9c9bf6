/** Reference records for `std::random`. */
import type { ModuleDoc } from './types.js';

export const randomDocs: ModuleDoc = {
  name: 'std::random',
  doc: 'Pseudo-random values. Each call starts a generator seeded with the event’s ingest time, so calls made for the same event return the same value; the values are not suitable for cryptography.',
  functions: [
    {
      name: 'std::random::bool',
      params: [],
      doc: 'A random `true` or `false`.',
      examples: [{ code: 'type::is_bool(random::bool())', result: 'true' }],
    },
    {
      name: 'std::random::string',
      params: ['length'],
      doc: 'A random string of `length` ASCII letters and digits.',
      examples: [
        { code: 'string::len(random::string(16))', result: '16' },
        { code: 're::is_match("^[A-Za-z0-9]{16}$", random::string(16))', result: 'true' },
      ],
    },
    {
      name: 'std::random::integer',
      params: ['low', 'high'],
      forms: [[], ['high'], ['low', 'high']],
      doc: 'A random integer: any 64-bit signed integer without arguments, from 0 up to but not including `high` with one, and from `low` up to but not including `high` with two. `high` must be above `low` (above 0 when alone).',
      examples: [
        { code: 'type::is_integer(random::integer())', result: 'true' },
        { code: 'let n = random::integer(10); n >= 0 and n < 10', result: 'true' },
        { code: 'let n = random::integer(-5, 5); n >= -5 and n < 5', result: 'true' },
        { code: 'random::integer(100) == random::integer(100)', result: 'true' },
        { code: 'random::integer(5, 5)', error: 'First argument must be lower than second argument' },
      ],
    },
    {
      name: 'std::random::float',
      params: ['low', 'high'],
      forms: [[], ['high'], ['low', 'high']],
      doc: 'A random float: from 0 up to but not including 1 without arguments, up to `high` with one, and from `low` up to `high` with two (`high` itself excluded).',
      examples: [
        { code: 'let x = random::float(); type::is_float(x) and x >= 0 and x < 1', result: 'true' },
        { code: 'let x = random::float(2.5); x >= 0 and x < 2.5', result: 'true' },
        { code: 'let x = random::float(-1, 1); x >= -1 and x < 1', result: 'true' },
      ],
    },
  ],
};
