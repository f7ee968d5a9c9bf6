/** Reference records for `std::type`. */
import type { ModuleDoc } from './types.js';

export const typeDocs: ModuleDoc = {
  name: 'std::type',
  doc: 'The kind of a value: its name, and one test per kind.',
  functions: [
    {
      name: 'std::type::as_string',
      params: ['v'],
      doc: 'The name of the value’s kind: `"null"`, `"bool"`, `"integer"`, `"float"`, `"string"`, `"array"`, `"record"` or `"bytes"` for a binary.',
      examples: [
        { code: 'type::as_string(1)', result: '"integer"' },
        { code: 'type::as_string(1.0)', result: '"float"' },
        { code: 'type::as_string(<<1, 2>>)', result: '"bytes"' },
        { code: 'type::as_string({})', result: '"record"' },
      ],
    },
    {
      name: 'std::type::is_null',
      params: ['v'],
      doc: 'Tells whether the value is `null`.',
      examples: [
        { code: 'type::is_null(null)', result: 'true' },
        { code: 'type::is_null(0)', result: 'false' },
      ],
    },
    {
      name: 'std::type::is_bool',
      params: ['v'],
      doc: 'Tells whether the value is `true` or `false`.',
      examples: [
        { code: 'type::is_bool(false)', result: 'true' },
        { code: 'type::is_bool("true")', result: 'false' },
      ],
    },
    {
      name: 'std::type::is_integer',
      params: ['v'],
      doc: 'Tells whether the value is an integer that fits a signed 64-bit integer; an unsigned integer above that range is not one here, although `as_string` calls it `"integer"`.',
      examples: [
        { code: 'type::is_integer(42)', result: 'true' },
        { code: 'type::is_integer(42.0)', result: 'false' },
        { code: 'type::is_integer(18446744073709551615)', result: 'false' },
      ],
    },
    {
      name: 'std::type::is_float',
      params: ['v'],
      doc: 'Tells whether the value is a float; a float without a fraction is still one.',
      examples: [
        { code: 'type::is_float(1.0)', result: 'true' },
        { code: 'type::is_float(1)', result: 'false' },
      ],
    },
    {
      name: 'std::type::is_number',
      params: ['v'],
      doc: 'Tells whether the value is an integer or a float.',
      examples: [
        { code: 'type::is_number(1)', result: 'true' },
        { code: 'type::is_number(1.5)', result: 'true' },
        { code: 'type::is_number("1")', result: 'false' },
      ],
    },
    {
      name: 'std::type::is_string',
      params: ['v'],
      doc: 'Tells whether the value is a string.',
      examples: [
        { code: 'type::is_string("")', result: 'true' },
        { code: 'type::is_string(<<104>>)', result: 'false' },
      ],
    },
    {
      name: 'std::type::is_array',
      params: ['v'],
      doc: 'Tells whether the value is an array.',
      examples: [
        { code: 'type::is_array([])', result: 'true' },
        { code: 'type::is_array({})', result: 'false' },
      ],
    },
    {
      name: 'std::type::is_record',
      params: ['v'],
      doc: 'Tells whether the value is a record.',
      examples: [
        { code: 'type::is_record({"a": 1})', result: 'true' },
        { code: 'type::is_record([["a", 1]])', result: 'false' },
      ],
    },
    {
      name: 'std::type::is_binary',
      params: ['v'],
      doc: 'Tells whether the value is a binary (bytes).',
      examples: [
        { code: 'type::is_binary(<<1, 2>>)', result: 'true' },
        { code: 'type::is_binary([1, 2])', result: 'false' },
      ],
    },
  ],
};
