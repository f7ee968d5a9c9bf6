/** Reference records for `std::math`, `std::integer` and `std::float`. */
import type { ModuleDoc } from './types.js';

export const mathDocs: ModuleDoc = {
  name: 'std::math',
  doc: 'Rounding and comparing numbers. The rounding functions return integers: an integer argument comes back unchanged, a float beyond the integer range saturates at its end.',
  functions: [
    {
      name: 'std::math::floor',
      params: ['n'],
      doc: 'Rounds `n` down, towards negative infinity, to an integer.',
      examples: [
        { code: 'math::floor(2.7)', result: '2' },
        { code: 'math::floor(-2.5)', result: '-3' },
        { code: 'math::floor(1.0e300)', result: '18446744073709551615' },
      ],
    },
    {
      name: 'std::math::ceil',
      params: ['n'],
      doc: 'Rounds `n` up, towards positive infinity, to an integer.',
      examples: [
        { code: 'math::ceil(2.1)', result: '3' },
        { code: 'math::ceil(-2.7)', result: '-2' },
      ],
    },
    {
      name: 'std::math::round',
      params: ['n'],
      doc: 'Rounds `n` to the nearest integer; a half rounds away from zero.',
      examples: [
        { code: 'math::round(2.5)', result: '3' },
        { code: 'math::round(-2.5)', result: '-3' },
        { code: 'math::round(2.4)', result: '2' },
      ],
    },
    {
      name: 'std::math::trunc',
      params: ['n'],
      doc: 'Drops the fractional part of `n`, rounding towards zero, and returns an integer.',
      examples: [
        { code: 'math::trunc(-2.7)', result: '-2' },
        { code: 'math::trunc(7)', result: '7' },
      ],
    },
    {
      name: 'std::math::max',
      params: ['a', 'b'],
      doc: 'The larger of two numbers. Two integers give an integer; as soon as one argument is a float, the result is a float.',
      examples: [
        { code: 'math::max(1, 2)', result: '2' },
        { code: 'math::max(3.0, 2)', result: '3.0' },
      ],
    },
    {
      name: 'std::math::min',
      params: ['a', 'b'],
      doc: 'The smaller of two numbers, an integer for two integers and a float otherwise.',
      examples: [
        { code: 'math::min(1, 2)', result: '1' },
        { code: 'math::min(1, 2.5)', result: '1.0' },
      ],
    },
  ],
};

export const integerDocs: ModuleDoc = {
  name: 'std::integer',
  doc: 'Integers from text, and the limits of the integer types: `integer::signed::MIN`/`MAX` (64-bit signed) and `integer::unsigned::MIN`/`MAX` (64-bit unsigned).',
  functions: [
    {
      name: 'std::integer::parse',
      params: ['s'],
      doc: 'Reads a decimal integer from a string: an optional `+` or `-`, then digits only (no spaces, underscores or `0x`). The number must fit a 64-bit signed integer.',
      examples: [
        { code: 'integer::parse("-17")', result: '-17' },
        { code: 'integer::parse("9223372036854775807") == integer::signed::MAX', result: 'true' },
        { code: 'integer::parse("-9223372036854775808") == integer::signed::MIN', result: 'true' },
        { code: 'integer::parse("18446744073709551615")', error: 'number too large to fit in target type' },
        { code: '[integer::unsigned::MIN, integer::unsigned::MAX]', result: '[0,18446744073709551615]' },
        { code: 'integer::parse(" 42")', error: 'invalid digit found in string' },
      ],
    },
  ],
};

export const floatDocs: ModuleDoc = {
  name: 'std::float',
  doc: 'Floats from text, and tests for the special float values. The tests accept integers too.',
  functions: [
    {
      name: 'std::float::parse',
      params: ['s'],
      doc: 'Reads a float from a string: decimal digits with an optional sign, fraction and exponent (`1`, `.5`, `-2.5e3`), or `inf`, `infinity` and `nan` in any case. The result is always a float.',
      examples: [
        { code: 'float::parse("3")', result: '3.0' },
        { code: 'float::parse("-2.5e3")', result: '-2500.0' },
        { code: 'float::parse(".5")', result: '0.5' },
        { code: 'float::is_infinite(float::parse("-Infinity"))', result: 'true' },
        { code: 'float::parse("1,5")', error: 'invalid float literal' },
      ],
    },
    {
      name: 'std::float::is_finite',
      params: ['n'],
      doc: 'Tells whether `n` is an ordinary number: neither infinite nor NaN.',
      examples: [
        { code: 'float::is_finite(1.5)', result: 'true' },
        { code: 'float::is_finite(float::parse("inf"))', result: 'false' },
      ],
    },
    {
      name: 'std::float::is_nan',
      params: ['n'],
      doc: 'Tells whether `n` is NaN, the float that is “not a number”.',
      examples: [
        { code: 'float::is_nan(float::parse("NaN"))', result: 'true' },
        { code: 'float::is_nan(1)', result: 'false' },
      ],
    },
    {
      name: 'std::float::is_infinite',
      params: ['n'],
      doc: 'Tells whether `n` is positive or negative infinity.',
      examples: [
        { code: 'float::is_infinite(float::parse("-inf"))', result: 'true' },
        { code: 'float::is_infinite(1.7976931348623157e308)', result: 'false' },
      ],
    },
  ],
};
