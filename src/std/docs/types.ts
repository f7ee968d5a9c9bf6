/**
 * The shape of the standard library's reference documentation: plain data, one record per
 * function, grouped by module. The records are rendered by markdown.ts (`tremor-stream doc`)
 * and checked by test/std/docs.test.ts: every function of the std tree and every aggregate
 * has one, the parameters match the arity, and every example runs and gives its result.
 */

/**
 * A tremor-script example: `code` is a script, mostly one expression, whose last value is
 * the result (the `use` lines it needs are added from the module names it mentions, see
 * uses.ts). It either gives `result`, the value as JSON text, or fails (compiling or running)
 * with a message containing `error`.
 */
export type ScriptExample = ScriptExampleBase & ({ readonly result: string; readonly error?: undefined } | { readonly error: string; readonly result?: undefined });

interface ScriptExampleBase {
  readonly code: string;
  /** the event's origin URI parts (default: none, as for events without an origin) */
  readonly origin?: { readonly scheme: string; readonly host: string; readonly port: number | null; readonly path: readonly string[] };
}

/**
 * A trickle example: `query` is a whole query, fed `input` (JSON texts, one event each, on
 * port `in`); `output` lists what reaches port `out`, in order, as JSON text. With `error`,
 * processing the input reports an error whose message contains it.
 */
export interface QueryExample {
  readonly query: string;
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly error?: string;
}

export type Example = ScriptExample | QueryExample;

export interface FnDoc {
  /** the full path: `std::string::len`, `tremor::system::hostname`, `aggr::stats::count` */
  readonly name: string;
  /**
   * Parameter names, in order: `name?` is optional, `...name` takes any number of arguments
   * (zero or more). Functions whose argument count changes what the arguments mean list
   * their call forms in `forms` instead, and `params` is the longest form.
   */
  readonly params: readonly string[];
  readonly forms?: readonly (readonly string[])[];
  /** one or two sentences, in our own words */
  readonly doc: string;
  readonly examples: readonly Example[];
}

export interface ModuleDoc {
  /** `std::string`, `std::time::nanos`, `tremor::system`, `aggr::stats` */
  readonly name: string;
  /** what the module is about, one or two sentences */
  readonly doc: string;
  readonly functions: readonly FnDoc[];
}

export function isQueryExample(e: Example): e is QueryExample {
  return 'query' in e;
}

/** the fewest and most arguments a documented signature accepts (Infinity when variadic) */
export function documentedArity(f: FnDoc): { min: number; max: number } {
  if (f.forms) {
    const lengths = f.forms.map((p) => p.length);
    return { min: Math.min(...lengths), max: Math.max(...lengths) };
  }
  const required = f.params.filter((p) => !p.endsWith('?') && !p.startsWith('...')).length;
  return { min: required, max: f.params.some((p) => p.startsWith('...')) ? Infinity : f.params.length };
}
