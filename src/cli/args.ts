/**
 * A small, strict command-line parser: `--flag value`, `--flag=value`, `-f value`, boolean
 * flags and positionals. Unknown options are errors, so typos do not silently do nothing.
 */
export interface OptionSpec {
  /** long name without dashes */
  name: string;
  short?: string;
  /** takes a value */
  value?: boolean;
  /** may be given several times */
  multiple?: boolean;
}

export interface Parsed {
  positionals: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], specs: OptionSpec[]): Parsed {
  const out: Parsed = { positionals: [], options: new Map(), flags: new Set() };
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      inline = eq > 0 ? a.slice(eq + 1) : undefined;
      spec = byLong.get(name);
      if (!spec) throw new UsageError(`unknown option --${name}`);
    } else if (a.startsWith('-') && a.length > 1) {
      spec = byShort.get(a.slice(1));
      if (!spec) throw new UsageError(`unknown option ${a}`);
    } else {
      out.positionals.push(a);
      continue;
    }
    if (!spec.value) {
      out.flags.add(spec.name);
      continue;
    }
    const v = inline ?? argv[++i];
    if (v === undefined) throw new UsageError(`option --${spec.name} needs a value`);
    const list = out.options.get(spec.name) ?? [];
    if (list.length && !spec.multiple) throw new UsageError(`option --${spec.name} given twice`);
    list.push(v);
    out.options.set(spec.name, list);
  }
  return out;
}

export function option(p: Parsed, name: string): string | undefined {
  return p.options.get(name)?.[0];
}
