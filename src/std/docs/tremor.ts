/** Reference records for `tremor::system`, `tremor::origin` and `tremor::chash`. */
import type { FnDoc, ModuleDoc, ScriptExample } from './types.js';

export const systemDocs: ModuleDoc = {
  name: 'tremor::system',
  doc: 'The running system: host, clock, the event’s ingest time and versions.',
  functions: [
    {
      name: 'tremor::system::hostname',
      params: [],
      doc: 'The name of the host the program runs on.',
      examples: [{ code: 'type::is_string(system::hostname())', result: 'true' }],
    },
    {
      name: 'tremor::system::ingest_ns',
      params: [],
      doc: 'The time the current event entered the system, in nanoseconds since the epoch; it stays the same for the whole processing of the event.',
      examples: [
        { code: 'type::is_integer(system::ingest_ns())', result: 'true' },
        { code: 'system::ingest_ns() == system::ingest_ns()', result: 'true' },
      ],
    },
    {
      name: 'tremor::system::instance',
      params: [],
      doc: 'The name of the running Tremor instance.',
      examples: [{ code: 'type::is_string(system::instance())', result: 'true' }],
    },
    {
      name: 'tremor::system::nanotime',
      params: [],
      doc: 'The current wall-clock time in nanoseconds since the epoch, read from the operating system on each call; prefer `ingest_ns()` where the event’s time will do, as the compiler’s warning says.',
      examples: [
        { code: 'type::is_integer(system::nanotime())', result: 'true' },
        { code: 'system::nanotime() > 1700000000000000000', result: 'true' },
      ],
    },
    {
      name: 'tremor::system::version',
      params: [],
      doc: 'The Tremor release whose language this implementation follows.',
      examples: [{ code: 'system::version()', result: '"0.12.4"' }],
    },
  ],
};

const ORIGIN = { scheme: 'tcp', host: 'example.com', port: 8080, path: ['in', 'logs'] } as const;

/** name, what it gives, its result for ORIGIN */
const PARTS: readonly [string, string, string][] = [
  ['as_uri_string', 'The origin of the current event as a URI string, `scheme://host:port/path`', '"tcp://example.com:8080/in/logs"'],
  ['as_uri_record', 'The origin of the current event as a record of `scheme`, `host`, `port` and `path` (an array of segments)', '{"scheme":"tcp","host":"example.com","port":8080,"path":["in","logs"]}'],
  ['scheme', 'The scheme of the current event’s origin, such as `"tcp"` or `"http"`', '"tcp"'],
  ['host', 'The host of the current event’s origin', '"example.com"'],
  ['port', 'The port of the current event’s origin', '8080'],
  ['path', 'The path of the current event’s origin, as an array of segments', '["in","logs"]'],
];

const originFns = PARTS.map(
  ([name, what, result], i): FnDoc => ({
    name: `tremor::origin::${name}`,
    params: [],
    doc: `${what}.`,
    examples: [{ code: `origin::${name}()`, result, origin: ORIGIN }, ...(i === 0 ? [{ code: 'origin::as_uri_string()', result: 'null' } as ScriptExample] : [])],
  }),
);

export const originDocs: ModuleDoc = {
  name: 'tremor::origin',
  doc: 'Where the current event came from, as its connector reports it (a URI). Every function gives `null` for an event without an origin, such as one read by `tremor-stream query`.',
  functions: originFns,
};

export const chashDocs: ModuleDoc = {
  name: 'tremor::chash',
  doc: 'Consistent hashing, to spread keys over a number of slots so that few keys move when the number changes, and a canonical serialisation to hash values by.',
  functions: [
    {
      name: 'tremor::chash::jump',
      params: ['key', 'slots'],
      doc: 'The slot, from 0 to `slots` − 1, that the string `key` belongs to under jump consistent hashing with Tremor’s fixed hash keys; the same key and count always give the same slot.',
      examples: [
        { code: 'chash::jump("user-42", 8)', result: '1' },
        { code: 'chash::jump("user-42", 1)', result: '0' },
        { code: 'chash::jump("user-42", 0)', error: 'the slot count must be between 1 and 4294967295' },
      ],
    },
    {
      name: 'tremor::chash::jump_with_keys',
      params: ['k1', 'k2', 'key', 'slots'],
      doc: 'Like `jump`, with the two integer keys of the hash function given instead of Tremor’s fixed ones.',
      examples: [{ code: 'chash::jump_with_keys(1, 2, "user-42", 8)', result: '7' }],
    },
    {
      name: 'tremor::chash::sorted_serialize',
      params: ['v'],
      doc: 'The value as compact JSON text with the fields of every record, at any depth, sorted by name, so equal values always give the same text.',
      examples: [{ code: 'chash::sorted_serialize({"b": 1, "a": {"d": [{"z": 0, "y": 1}], "c": 2}})', result: '"{\\"a\\":{\\"c\\":2,\\"d\\":[{\\"y\\":1,\\"z\\":0}]},\\"b\\":1}"' }],
    },
  ],
};
