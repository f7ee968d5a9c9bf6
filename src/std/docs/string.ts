/** Reference records for `std::string`. */
import type { ModuleDoc } from './types.js';

export const stringDocs: ModuleDoc = {
  name: 'std::string',
  doc: 'Text functions. Lengths and positions count characters (Unicode code points), never bytes, unless a function says otherwise.',
  functions: [
    {
      name: 'std::string::format',
      params: ['format', '...args'],
      doc: 'Builds a string from `format`, putting the arguments in place of its `{}` placeholders from left to right: strings go in as they are, any other value as JSON. `{{` and `}}` stand for literal braces, and there must be exactly as many arguments as placeholders.',
      examples: [
        { code: 'string::format("{} has {} items", "cart", 3)', result: '"cart has 3 items"' },
        { code: 'string::format("{{{}}}", [1, "a"])', result: '"{[1,\\"a\\"]}"' },
        { code: 'string::format("{} and {}", 1)', error: 'the arguments passed to the format function are less than the `{}` specifiers' },
      ],
    },
    {
      name: 'std::string::is_empty',
      params: ['s'],
      doc: 'Tells whether the string has no characters at all; whitespace counts as characters.',
      examples: [
        { code: 'string::is_empty("")', result: 'true' },
        { code: 'string::is_empty(" ")', result: 'false' },
      ],
    },
    {
      name: 'std::string::len',
      params: ['s'],
      doc: 'The number of characters (Unicode code points) in the string.',
      examples: [
        { code: 'string::len("hello")', result: '5' },
        { code: 'string::len("héllo 😀")', result: '7' },
      ],
    },
    {
      name: 'std::string::bytes',
      params: ['s'],
      doc: 'The number of bytes the string takes in UTF-8, which is more than its length when it holds non-ASCII characters.',
      examples: [
        { code: 'string::bytes("hello")', result: '5' },
        { code: 'string::bytes("héllo")', result: '6' },
      ],
    },
    {
      name: 'std::string::replace',
      params: ['s', 'from', 'to'],
      doc: 'Replaces every occurrence of the text `from` in `s` with `to`. `from` is plain text, not a pattern (see `re::replace_all` for patterns).',
      examples: [
        { code: 'string::replace("a-b-c", "-", "+")', result: '"a+b+c"' },
        { code: 'string::replace("1.5.0", ".", "")', result: '"150"' },
      ],
    },
    {
      name: 'std::string::trim',
      params: ['s'],
      doc: 'Removes the whitespace at both ends of the string (spaces, tabs, line breaks and the other Unicode whitespace characters).',
      examples: [{ code: 'string::trim(" \\t hello world \\n")', result: '"hello world"' }],
    },
    {
      name: 'std::string::trim_start',
      params: ['s'],
      doc: 'Removes the whitespace at the start of the string only.',
      examples: [{ code: 'string::trim_start("  hello  ")', result: '"hello  "' }],
    },
    {
      name: 'std::string::trim_end',
      params: ['s'],
      doc: 'Removes the whitespace at the end of the string only.',
      examples: [{ code: 'string::trim_end("  hello  ")', result: '"  hello"' }],
    },
    {
      name: 'std::string::lowercase',
      params: ['s'],
      doc: 'The string in lower case, following Unicode case rules.',
      examples: [{ code: 'string::lowercase("Hello ÉTÉ")', result: '"hello été"' }],
    },
    {
      name: 'std::string::uppercase',
      params: ['s'],
      doc: 'The string in upper case, following Unicode case rules (a character may become several, as `ß` becomes `SS`).',
      examples: [
        { code: 'string::uppercase("hello")', result: '"HELLO"' },
        { code: 'string::uppercase("straße")', result: '"STRASSE"' },
      ],
    },
    {
      name: 'std::string::capitalize',
      params: ['s'],
      doc: 'Upper-cases the first character and leaves the rest of the string unchanged.',
      examples: [{ code: 'string::capitalize("hello World")', result: '"Hello World"' }],
    },
    {
      name: 'std::string::substr',
      params: ['s', 'start', 'end'],
      doc: 'The characters from position `start` up to but not including `end`, counting from 0. An `end` past the string stops at its end, while a `start` at or past the end counts as 0; a `start` after `end` is an error.',
      examples: [
        { code: 'string::substr("héllo", 1, 3)', result: '"él"' },
        { code: 'string::substr("hello", 2, 99)', result: '"llo"' },
        { code: 'string::substr("hello", 5, 9)', result: '"hello"' },
        { code: 'string::substr("hello", 3, 1)', error: 'start index 3 is after end index 1' },
      ],
    },
    {
      name: 'std::string::split',
      params: ['s', 'separator'],
      doc: 'Cuts the string at every occurrence of `separator` and returns the pieces, empty ones included. An empty separator cuts between all characters and also yields an empty piece at each end.',
      examples: [
        { code: 'string::split("a,b,,c", ",")', result: '["a","b","","c"]' },
        { code: 'string::split("ab", "")', result: '["","a","b",""]' },
      ],
    },
    {
      name: 'std::string::contains',
      params: ['s', 'needle'],
      doc: 'Tells whether `needle` occurs in `s` as a piece of text.',
      examples: [
        { code: 'string::contains("hello world", "o w")', result: 'true' },
        { code: 'string::contains("hello", "Hello")', result: 'false' },
      ],
    },
    {
      name: 'std::string::from_utf8_lossy',
      params: ['bytes'],
      doc: 'Reads a binary as UTF-8 text; byte sequences that are not valid UTF-8 become the replacement character `�` instead of failing.',
      examples: [
        { code: 'string::from_utf8_lossy(<<104, 105>>)', result: '"hi"' },
        { code: 'string::from_utf8_lossy(<<104, 105, 255>>)', result: '"hi�"' },
      ],
    },
    {
      name: 'std::string::into_binary',
      params: ['s'],
      doc: 'The UTF-8 bytes of the string, as a binary.',
      examples: [{ code: 'binary::into_bytes(string::into_binary("hé"))', result: '[104,195,169]' }],
    },
    {
      name: 'std::string::reverse',
      params: ['s'],
      doc: 'The string with its characters in reverse order.',
      examples: [{ code: 'string::reverse("stressed")', result: '"desserts"' }],
    },
  ],
};
