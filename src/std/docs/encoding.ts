/** Reference records for `std::json`, `std::base64`, `std::binary` and `std::url`. */
import type { ModuleDoc } from './types.js';

export const jsonDocs: ModuleDoc = {
  name: 'std::json',
  doc: 'JSON text to values and back. Integers keep all 64 bits, and a float keeps its `.0` both ways.',
  functions: [
    {
      name: 'std::json::decode',
      params: ['s'],
      doc: 'Parses a JSON text into a value; text that is not valid JSON is an error saying where it went wrong.',
      examples: [
        { code: 'json::decode("{\\"a\\": [1, 2.0, null]}")', result: '{"a":[1,2.0,null]}' },
        { code: 'json::decode("[18446744073709551615, -9223372036854775808]")', result: '[18446744073709551615,-9223372036854775808]' },
        { code: 'json::decode("{\\"a\\":")', error: 'unexpected end of input, expected a JSON value at character 5' },
      ],
    },
    {
      name: 'std::json::encode',
      params: ['v'],
      doc: 'The value as compact JSON text, without any spaces or line breaks; a binary is written as a base64 string.',
      examples: [
        { code: 'json::encode({"a": [1, 2.0, null], "b": "x"})', result: '"{\\"a\\":[1,2.0,null],\\"b\\":\\"x\\"}"' },
        { code: 'json::encode(<<1, 2>>)', result: '"\\"AQI=\\""' },
      ],
    },
    {
      name: 'std::json::encode_pretty',
      params: ['v'],
      doc: 'The value as JSON text laid out for reading: one element or field per line, indented by two spaces per level.',
      examples: [{ code: 'json::encode_pretty({"a": [1, 2]})', result: '"{\\n  \\"a\\": [\\n    1,\\n    2\\n  ]\\n}"' }],
    },
  ],
};

export const base64Docs: ModuleDoc = {
  name: 'std::base64',
  doc: 'Base64 with the standard alphabet (`A–Z a–z 0–9 + /`) and `=` padding.',
  functions: [
    {
      name: 'std::base64::encode',
      params: ['data'],
      doc: 'Encodes a binary, or the UTF-8 bytes of a string, as base64 text.',
      examples: [
        { code: 'base64::encode("hello")', result: '"aGVsbG8="' },
        { code: 'base64::encode(<<0, 255>>)', result: '"AP8="' },
      ],
    },
    {
      name: 'std::base64::decode',
      params: ['s'],
      doc: 'Decodes base64 text into a binary; characters outside the alphabet are an error rather than skipped.',
      examples: [
        { code: 'binary::into_bytes(base64::decode("aGk="))', result: '[104,105]' },
        { code: 'string::from_utf8_lossy(base64::decode("aGVsbG8="))', result: '"hello"' },
        { code: 'base64::decode("not base64!")', error: 'Invalid base64 input' },
      ],
    },
  ],
};

export const binaryDocs: ModuleDoc = {
  name: 'std::binary',
  doc: 'Binaries (byte sequences, written `<<1, 2, 3>>` in scripts) to and from arrays of byte values. Printed as JSON, a binary is a base64 string.',
  functions: [
    {
      name: 'std::binary::len',
      params: ['b'],
      doc: 'The number of bytes in the binary.',
      examples: [
        { code: 'binary::len(<<1, 2, 3>>)', result: '3' },
        { code: 'binary::len(string::into_binary("hé"))', result: '3' },
      ],
    },
    {
      name: 'std::binary::from_bytes',
      params: ['bytes'],
      doc: 'Builds a binary from an array of integers between 0 and 255; anything else in the array is a type error.',
      examples: [
        { code: 'string::from_utf8_lossy(binary::from_bytes([104, 105]))', result: '"hi"' },
        { code: 'binary::from_bytes([104, 105])', result: '"aGk="' },
        { code: 'binary::from_bytes([256])', error: 'Bad type passed to function binary::from_bytes/1' },
      ],
    },
    {
      name: 'std::binary::into_bytes',
      params: ['b'],
      doc: 'The bytes of a binary as an array of integers between 0 and 255.',
      examples: [{ code: 'binary::into_bytes(<<1, 2, 255>>)', result: '[1,2,255]' }],
    },
  ],
};

export const urlDocs: ModuleDoc = {
  name: 'std::url',
  doc: 'Percent-encoding, as used in URLs (`+` is not a space here, as it would be in form data).',
  functions: [
    {
      name: 'std::url::encode',
      params: ['s'],
      doc: 'Percent-encodes every byte of the string’s UTF-8 form except ASCII letters and digits, so even `-`, `_` and `.` are escaped.',
      examples: [
        { code: 'url::encode("a b&c=d/é")', result: '"a%20b%26c%3Dd%2F%C3%A9"' },
        { code: 'url::encode("v1.0_x")', result: '"v1%2E0%5Fx"' },
      ],
    },
    {
      name: 'std::url::decode',
      params: ['s'],
      doc: 'Turns `%XX` escapes back into bytes and reads the result as UTF-8. A `%` not followed by two hex digits and a `+` stay as they are; bytes that are not valid UTF-8 are an error.',
      examples: [
        { code: 'url::decode("a%20b%26c")', result: '"a b&c"' },
        { code: 'url::decode("a+b%2")', result: '"a+b%2"' },
        { code: 'url::decode("%FF")', error: 'Could not urldecode value' },
      ],
    },
  ],
};
