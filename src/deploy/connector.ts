/**
 * `define connector` and `create connector` (deployment reference §1.3): the definition's
 * `with` keys are restricted to codec, config, preprocessors, postprocessors, reconnect and
 * metrics_interval_s; they are evaluated with the connector's args once a `create` gives
 * them values, type-checked, and the connector type validates its `config` strictly.
 */
import type * as A from '../lang/ast.js';
import { CompileError, error, errorWithContext, fail, failWith, type Diagnostic } from '../base/diagnostics.js';
import type { Program } from '../lang/program.js';
import { resolveArgs } from '../lang/query/args.js';
import type { Definition, ModuleScope } from '../lang/scope.js';
import { ConfigError, configErrorCode, type ConnectorType } from '../connectors/connector.js';
import { isInt, isRecord, type Value } from '../runtime/value.js';
import type { ConnectorPlan, Named } from './plan.js';

export const CONNECTOR_WITH_KEYS = ['codec', 'config', 'metrics_interval_s', 'postprocessors', 'preprocessors', 'reconnect'];

/** checks what can be checked where a connector is defined: its `with` keys */
export function checkConnectorDefinition(d: A.DefineConnector): void {
  for (const w of d.with ?? []) {
    if (!CONNECTOR_WITH_KEYS.includes(w.name)) {
      // Tremor's `InvalidDefinitionalWithParam`: the name underlined, two lines shown either side
      const message = `Invalid \`with\` parameter "${w.name}" in definition of connector "${d.name}".`;
      failWith(errorWithContext('D007', message, w.nameSpan, `Available parameters are: ${CONNECTOR_WITH_KEYS.join(', ')}`));
    }
  }
}

function named(v: Value, what: string, span: A.WithItem['span']): Named {
  if (typeof v === 'string') return { name: v, config: null };
  if (isRecord(v) && typeof v.name === 'string') {
    for (const k of Object.keys(v)) if (k !== 'name' && k !== 'config') fail('D008', `Invalid ${what}: unknown key \`${k}\`, expected \`name\` and \`config\``, span);
    return { name: v.name, config: v.config ?? null };
  }
  return fail('D008', `Invalid ${what}: expected a name or a record {"name": …, "config": …}`, span);
}

export function instantiateConnector(program: Program, flowScope: ModuleScope, flowArgs: Value, c: A.CreateInstance, def: Definition<A.DefineConnector>, types: ReadonlyMap<string, ConnectorType<any>>): ConnectorPlan {
  const d = def.ast;
  const args = resolveArgs(program, { decls: d.args, defScope: def.scope, defArgs: {}, with: c.with, useScope: flowScope, useArgs: flowArgs, what: 'connector', name: c.name, span: c.span });
  const type = types.get(d.connectorType);
  if (!type) {
    const known = [...types.keys()].sort().join(', ');
    fail('D001', `Unknown connector type ${d.connectorType}`, d.typeSpan, `Known connector types: ${known}`, d.span);
  }
  const values = new Map<string, { value: Value; item: A.WithItem }>();
  for (const w of d.with ?? []) values.set(w.name, { value: program.constant(def.scope, w.value, w.span, args), item: w });
  const get = (k: string) => values.get(k);

  const codecV = get('codec');
  const codec = codecV ? named(codecV.value, 'codec', codecV.item.span) : null;
  if (type.codec === 'required' && !codec) fail('D008', `The ${d.connectorType} connector "${c.name}" is missing a codec`, d.span, 'Add `codec = "json"` (or "string", "binary") to its `with`.');
  if (type.codec === 'none' && codec) fail('D008', `The ${d.connectorType} connector "${c.name}" is a structured connector and can't be configured with a codec`, codecV!.item.span);
  const list = (k: string): Named[] => {
    const v = get(k);
    if (!v) return [];
    if (!Array.isArray(v.value)) fail('D008', `Invalid definition: Expected type array for key ${k}`, v.item.span);
    return (v.value as Value[]).map((x) => named(x, k.slice(0, -1), v.item.span));
  };
  const configV = get('config');
  if (configV && configV.value !== null && !isRecord(configV.value)) fail('D008', 'Invalid definition: Expected type record for key config', configV.item.span);
  let config: unknown;
  try {
    config = type.validate(configV ? configV.value : null);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    fail(configErrorCode(e), e.message, configV?.item.span ?? d.span, undefined, d.span);
  }
  const reconnect = get('reconnect');
  if (reconnect && !isRecord(reconnect.value)) fail('D008', 'Invalid definition: Expected type record for key reconnect', reconnect.item.span);
  const metrics = get('metrics_interval_s');
  if (metrics && !isInt(metrics.value)) fail('D008', 'Invalid definition: Expected type integer for key metrics_interval_s', metrics.item.span);
  return {
    alias: c.name,
    type: d.connectorType,
    config: config as Value,
    codec,
    preprocessors: list('preprocessors'),
    postprocessors: list('postprocessors'),
    reconnect: reconnect?.value ?? null,
    metricsIntervalS: metrics ? Number(metrics.value) : null,
    span: c.span,
  };
}

/** runs `f`, turning a compile error into collected diagnostics (deployment checks go on) */
export function collecting<T>(diags: Diagnostic[], f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if (e instanceof CompileError) {
      diags.push(...e.diagnostics);
      return null;
    }
    throw e;
  }
}

export { error };
