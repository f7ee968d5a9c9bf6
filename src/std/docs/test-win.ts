/** Reference records for `std::test` and `std::win`. */
import type { ModuleDoc } from './types.js';

export const testDocs: ModuleDoc = {
  name: 'std::test',
  doc: 'Assertions for tests written in tremor-script.',
  functions: [
    {
      name: 'std::test::assert',
      params: ['description', 'expected', 'got'],
      doc: 'Returns `true` when `got` equals `expected` (by `==`, so `1` equals `1.0`), and otherwise fails with an error that names the description and shows both values.',
      examples: [
        { code: 'test::assert("sum", 3, 1 + 2)', result: 'true' },
        { code: 'test::assert("int and float", 1, 1.0)', result: 'true' },
        { code: 'test::assert("sum", 4, 1 + 2)', error: 'Assertion for sum failed:\n    expected: 4\n    got: 3' },
      ],
    },
  ],
};

export const winDocs: ModuleDoc = {
  name: 'std::win',
  doc: 'What a windowed `select` knows about its windows.',
  functions: [
    {
      name: 'std::win::cardinality',
      params: [],
      doc: 'In a `select` over windows, the number of groups that hold events not yet emitted, counting the group being emitted; a group leaves once its windows have all been emitted. Outside a windowed select it is 0.',
      examples: [
        {
          query: 'use std::win;\ndefine window w from tumbling with size = 2 end;\nselect {"g": group[0], "groups": win::cardinality()} from in[w] group by event.g into out;',
          input: ['{"g":"a"}', '{"g":"b"}', '{"g":"a"}', '{"g":"b"}'],
          output: ['{"g":"a","groups":2}', '{"g":"b","groups":1}'],
        },
        { code: 'win::cardinality()', result: '0' },
      ],
    },
  ],
};
