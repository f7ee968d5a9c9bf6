/** Reference records for `std::array`. */
import type { ModuleDoc } from './types.js';

export const arrayDocs: ModuleDoc = {
  name: 'std::array',
  doc: 'Array functions. Each returns a new array and leaves its arguments unchanged.',
  functions: [
    {
      name: 'std::array::len',
      params: ['a'],
      doc: 'The number of elements in the array.',
      examples: [{ code: 'array::len([1, [2, 3], "x"])', result: '3' }],
    },
    {
      name: 'std::array::is_empty',
      params: ['a'],
      doc: 'Tells whether the array has no elements; a `null` element counts as one.',
      examples: [
        { code: 'array::is_empty([])', result: 'true' },
        { code: 'array::is_empty([null])', result: 'false' },
      ],
    },
    {
      name: 'std::array::contains',
      params: ['a', 'value'],
      doc: 'Tells whether one of the elements equals `value`. The comparison is strict about number types: `2.0` is not found among integers, although `2 == 2.0` holds.',
      examples: [
        { code: 'array::contains([1, 2, 3], 2)', result: 'true' },
        { code: 'array::contains([1, 2, 3], 2.0)', result: 'false' },
      ],
    },
    {
      name: 'std::array::push',
      params: ['a', 'value'],
      doc: 'The array with `value` added as its last element (an array value is added as one element, not spread).',
      examples: [
        { code: 'array::push([1, 2], 3)', result: '[1,2,3]' },
        { code: 'array::push([1, 2], [3])', result: '[1,2,[3]]' },
      ],
    },
    {
      name: 'std::array::concatenate',
      params: ['left', 'right'],
      doc: 'The elements of `left` followed by those of `right`, in one array.',
      examples: [{ code: 'array::concatenate([1, 2], [3, [4]])', result: '[1,2,3,[4]]' }],
    },
    {
      name: 'std::array::zip',
      params: ['left', 'right'],
      doc: 'Pairs the elements of two arrays by position into `[left, right]` pairs. Both arrays must have the same length.',
      examples: [
        { code: 'array::zip([1, 2], ["a", "b"])', result: '[[1,"a"],[2,"b"]]' },
        { code: 'array::zip([1, 2], ["a"])', error: 'requires them to have the same length' },
      ],
    },
    {
      name: 'std::array::unzip',
      params: ['pairs'],
      doc: 'The opposite of `zip`: splits an array of two-element arrays into an array of the first elements and an array of the second elements.',
      examples: [
        { code: 'array::unzip([[1, "a"], [2, "b"]])', result: '[[1,2],["a","b"]]' },
        { code: 'array::unzip([[1, 2, 3]])', error: 'Only arrays that consist of tuples (arrays of two elements) can be unzipped' },
      ],
    },
    {
      name: 'std::array::flatten',
      params: ['a'],
      doc: 'Lifts the elements of nested arrays, at any depth, into one flat array.',
      examples: [{ code: 'array::flatten([1, [2, [3, [4]]], []])', result: '[1,2,3,4]' }],
    },
    {
      name: 'std::array::coalesce',
      params: ['a'],
      doc: 'The array without its `null` elements.',
      examples: [{ code: 'array::coalesce([1, null, "a", null])', result: '[1,"a"]' }],
    },
    {
      name: 'std::array::join',
      params: ['a', 'separator'],
      doc: 'Joins the elements into one string with `separator` between them. Strings are used as they are, numbers, booleans and `null` as plain text (a float without a fraction loses its `.0`), arrays and records as JSON.',
      examples: [
        { code: 'array::join(["a", "b", "c"], ", ")', result: '"a, b, c"' },
        { code: 'array::join([1, 1.0, 2.5, true, null, [1]], "|")', result: '"1|1|2.5|true|null|[1]"' },
      ],
    },
    {
      name: 'std::array::sort',
      params: ['a'],
      doc: 'The elements in ascending order. Numbers compare by value and strings by their bytes; values of different kinds are ordered records, arrays, strings, numbers, booleans, then `null`.',
      examples: [
        { code: 'array::sort([3, 1.5, 2])', result: '[1.5,2,3]' },
        { code: 'array::sort(["b", "B", "a"])', result: '["B","a","b"]' },
        { code: 'array::sort([null, true, 1, "b", "a", [1], {}])', result: '[{},[1],"a","b",1,true,null]' },
      ],
    },
    {
      name: 'std::array::reverse',
      params: ['a'],
      doc: 'The elements in the opposite order.',
      examples: [{ code: 'array::reverse([1, 2, 3])', result: '[3,2,1]' }],
    },
  ],
};
