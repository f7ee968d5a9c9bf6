/** Reading operator configuration strictly: unknown keys and wrong types are errors. */
import { fault } from '../../runtime/fault.js';
import { hasKey, isRecord, typeName, type Rec, type Value } from '../../runtime/value.js';

export function configRecord(op: string, config: Value, allowed: string[]): Rec {
  if (config === null) return {};
  if (!isRecord(config)) return fault('C019', `Invalid configuration for operator ${op}: expected a record, got ${typeName(config)}`);
  for (const k of Object.keys(config)) {
    if (!allowed.includes(k)) fault('C019', `Invalid configuration for operator ${op}: unknown key \`${k}\`${allowed.length ? `, expected one of ${allowed.join(', ')}` : ''}`);
  }
  return config;
}

export function configString(op: string, c: Rec, key: string, dflt?: string): string {
  if (!hasKey(c, key)) {
    if (dflt !== undefined) return dflt;
    return fault('C019', `Invalid configuration for operator ${op}: missing \`${key}\``);
  }
  const v = c[key];
  if (typeof v !== 'string') return fault('C019', `Invalid configuration for operator ${op}: \`${key}\` must be a string`);
  return v;
}
