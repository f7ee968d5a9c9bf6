/** Reference records for `std::re`. */
import type { ModuleDoc } from './types.js';

export const reDocs: ModuleDoc = {
  name: 'std::re',
  doc: 'Regular expressions in the syntax of Rust’s `regex` crate, where a named group is written `(?P<name>…)`. A pattern that does not parse is an error.',
  functions: [
    {
      name: 'std::re::replace',
      params: ['pattern', 's', 'replacement'],
      doc: 'Replaces the first match of `pattern` in `s`. In `replacement`, `$1` or `${1}` inserts a numbered group (`$0` the whole match), `$name` or `${name}` a named one, and `$$` a dollar sign.',
      examples: [
        { code: 're::replace("[0-9]+", "a1b22c333", "#")', result: '"a#b22c333"' },
        { code: 're::replace("(\\\\w+)@(\\\\w+)", "me@home you@work", "${2}_$1")', result: '"home_me you@work"' },
        { code: 're::replace("[0-9]+", "costs 5", "$$$0")', result: '"costs $5"' },
      ],
    },
    {
      name: 'std::re::replace_all',
      params: ['pattern', 's', 'replacement'],
      doc: 'Replaces every match of `pattern` in `s`, with the same `replacement` syntax as `re::replace`.',
      examples: [
        { code: 're::replace_all("[0-9]+", "a1b22c333", "#")', result: '"a#b#c#"' },
        { code: 're::replace_all("(?P<k>\\\\w+)=(?P<v>\\\\w+)", "a=1 b=2", "$v:$k")', result: '"1:a 2:b"' },
        { code: 're::replace_all("(?P<n>[0-9]+)", "a1b2", "<${n}>")', result: '"a<1>b<2>"' },
      ],
    },
    {
      name: 'std::re::is_match',
      params: ['pattern', 's'],
      doc: 'Tells whether `pattern` matches anywhere in `s`; anchor it with `^` and `$` to test the whole string.',
      examples: [
        { code: 're::is_match("^[a-z]+$", "hello")', result: 'true' },
        { code: 're::is_match("[0-9]", "abc")', result: 'false' },
        { code: 're::is_match("(", "x")', error: 'unclosed group' },
      ],
    },
    {
      name: 'std::re::split',
      params: ['pattern', 's'],
      doc: 'Cuts `s` at every match of `pattern` and returns the pieces between the matches; groups in the pattern do not add pieces.',
      examples: [
        { code: 're::split("\\\\s*,\\\\s*", "a , b,c ,d")', result: '["a","b","c","d"]' },
        { code: 're::split("(,)", "a,b")', result: '["a","b"]' },
      ],
    },
  ],
};
