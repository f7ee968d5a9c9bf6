/** Reference records for `std::record`. */
import type { ModuleDoc } from './types.js';

export const recordDocs: ModuleDoc = {
  name: 'std::record',
  doc: 'Record functions. Each returns a new value and leaves its arguments unchanged; records keep their keys in insertion order.',
  functions: [
    {
      name: 'std::record::len',
      params: ['r'],
      doc: 'The number of fields in the record.',
      examples: [{ code: 'record::len({"a": 1, "b": {"c": 2}})', result: '2' }],
    },
    {
      name: 'std::record::is_empty',
      params: ['r'],
      doc: 'Tells whether the record has no fields.',
      examples: [
        { code: 'record::is_empty({})', result: 'true' },
        { code: 'record::is_empty({"a": null})', result: 'false' },
      ],
    },
    {
      name: 'std::record::contains',
      params: ['r', 'key'],
      doc: 'Tells whether the record has a field named `key`, even one whose value is `null`. The compiler suggests `present r[key]`, which does the same without a function call.',
      examples: [
        { code: 'record::contains({"a": null}, "a")', result: 'true' },
        { code: 'record::contains({"a": 1}, "b")', result: 'false' },
      ],
    },
    {
      name: 'std::record::keys',
      params: ['r'],
      doc: 'The field names of the record, as an array of strings in the record’s order.',
      examples: [{ code: 'record::keys({"b": 1, "a": 2})', result: '["b","a"]' }],
    },
    {
      name: 'std::record::values',
      params: ['r'],
      doc: 'The field values of the record, as an array in the record’s order.',
      examples: [{ code: 'record::values({"b": 1, "a": [2]})', result: '[1,[2]]' }],
    },
    {
      name: 'std::record::to_array',
      params: ['r'],
      doc: 'The fields of the record as an array of `[key, value]` pairs.',
      examples: [{ code: 'record::to_array({"a": 1, "b": 2})', result: '[["a",1],["b",2]]' }],
    },
    {
      name: 'std::record::from_array',
      params: ['pairs'],
      doc: 'Builds a record from an array of `[key, value]` pairs, whose keys must be strings; when a key repeats, its last value wins.',
      examples: [
        { code: 'record::from_array([["a", 1], ["b", 2], ["a", 3]])', result: '{"a":3,"b":2}' },
        { code: 'record::from_array([[1, 2]])', error: 'The first element of the tuple needs to be a string' },
      ],
    },
    {
      name: 'std::record::extract',
      params: ['r', 'keys'],
      doc: 'A record with only the fields of `r` whose names are listed in `keys`, in the order of `r`; names that `r` does not have are ignored.',
      examples: [{ code: 'record::extract({"a": 1, "b": 2, "c": 3}, ["c", "a", "x"])', result: '{"a":1,"c":3}' }],
    },
    {
      name: 'std::record::combine',
      params: ['left', 'right'],
      doc: 'The fields of both records in one; where both have a field, the value of `right` replaces that of `left` as a whole (nested records are not merged, unlike `merge`).',
      examples: [
        { code: 'record::combine({"a": 1, "b": 2}, {"b": 3, "c": 4})', result: '{"a":1,"b":3,"c":4}' },
        { code: 'record::combine({"a": {"x": 1}}, {"a": {"y": 2}})', result: '{"a":{"y":2}}' },
      ],
    },
    {
      name: 'std::record::rename',
      params: ['r', 'renames'],
      doc: 'The record with fields renamed as `renames` says (`{"old": "new"}`); fields it does not mention keep their names, and names it mentions that `r` lacks are ignored.',
      examples: [{ code: 'record::rename({"a": 1, "b": 2}, {"a": "alpha", "x": "y"})', result: '{"alpha":1,"b":2}' }],
    },
  ],
};
