/** A ConnectorContext for connector tests: records reports and exit requests. */
import { ManualClock } from '../../src/base/clock.js';
import type { ConnectorContext } from '../../src/connectors/connector.js';
import type { Named } from '../../src/deploy/plan.js';
import type { Value } from '../../src/runtime/value.js';

export interface FakeContext extends ConnectorContext {
  readonly reports: string[];
  readonly exits: number[];
}

type NamedLike = string | { name: string; config?: Value };

function named(n: NamedLike): Named {
  return typeof n === 'string' ? { name: n, config: null } : { name: n.name, config: n.config ?? null };
}

export function fakeContext(opts: { codec?: NamedLike | null; pre?: NamedLike[]; post?: NamedLike[]; highWaterMark?: number; alias?: string } = {}): FakeContext {
  const reports: string[] = [];
  const exits: number[] = [];
  const alias = opts.alias ?? 'test';
  return {
    id: `main::${alias}`,
    alias,
    clock: new ManualClock(),
    codec: opts.codec === undefined ? { name: 'json', config: null } : opts.codec === null ? null : named(opts.codec),
    preprocessors: (opts.pre ?? []).map(named),
    postprocessors: (opts.post ?? []).map(named),
    highWaterMark: opts.highWaterMark ?? 16,
    report: (d) => reports.push(typeof d === 'string' ? d : d.message),
    exit: (code) => exits.push(code),
    reports,
    exits,
  };
}
