/**
 * The public API of tremor-stream. One call each: `query(text)` (a Transform stream),
 * `script(text)` (a function), `deploy(troy)` (a running deployment with in-process inputs
 * and outputs). Below them: compiling scripts, queries and deployments, running queries as
 * Node streams, and the lossless JSON codec.
 */
export { compileQuery, type CompiledQuery, type QueryOptions } from './lang/query/compile.js';
export { compileScript, CompiledScript, type ScriptOptions } from './lang/script.js';
export { CompileError, type Diagnostic } from './base/diagnostics.js';
export { render, renderAll } from './base/highlight.js';
export { TremorError } from './lang/compile.js';
export { Source, type Span } from './base/source.js';
export { FsLoader, type FsLoaderOptions } from './lang/fsloader.js';
export type { ModuleLoader } from './lang/scope.js';
export { CODES, type Code } from './base/codes.js';
export { QueryStream, type QueryStreamOptions } from './stream/query-stream.js';
export { JsonLinesDecoder, type DecodeError, type DecoderOptions } from './stream/decoder.js';
export { JsonLinesEncoder, type EncoderOptions } from './stream/encoder.js';
export { Graph, type Emitted } from './pipeline/graph.js';
export type { PipelinePlan } from './pipeline/plan.js';
export { newEvent, type Event } from './runtime/event.js';
export { newContext, type EvalCtx } from './runtime/context.js';
export { parseJson, parseJsonFast, stringify, stringifySorted } from './runtime/json.js';
export { FloatBox, eq, typeName, type Value, type Rec } from './runtime/value.js';
export { deploy, type DeployOptions, type Deployment } from './app/deploy.js';
export { query, type QueryCallOptions } from './app/query.js';
export { script, type ScriptCallOptions, type ScriptFunction, type ScriptRun } from './app/script.js';
export { compileDeployment, type CompiledDeployment, type DeployCompileOptions } from './deploy/compile.js';
export type { DeploymentPlan, FlowPlan, ConnectorPlan } from './deploy/plan.js';
export { runDeployment, type DeploymentHandle, type RunOptions } from './flow/deployment.js';
export { MetronomeSource, type MetronomeOptions } from './connectors/metronome.js';
export { connectorTypes } from './connectors/registry.js';
export type { ConnectorType, ConnectorInstance, ConnectorContext, PortEvent } from './connectors/connector.js';
export { systemClock, ManualClock, type Clock } from './base/clock.js';
