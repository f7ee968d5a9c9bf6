/**
 * A compiled deployment: the flows to run, each with its connector and pipeline instances and
 * the links between their ports. Pure data (plus compiled pipelines); the flow runtime
 * (src/flow/) turns it into running streams.
 */
import type { Span } from '../lang/source.js';
import type { PipelinePlan } from '../runtime/pipeline/plan.js';
import type { Value } from '../runtime/value.js';

/** `"name"` or `{"name": …, "config": …}` of a codec, preprocessor or postprocessor */
export interface Named {
  name: string;
  config: Value;
}

export interface ConnectorPlan {
  alias: string;
  type: string;
  /** the connector's `config`, validated by its type */
  config: Value;
  codec: Named | null;
  preprocessors: Named[];
  postprocessors: Named[];
  reconnect: Value;
  metricsIntervalS: number | null;
  span: Span;
}

export interface PipelineInstancePlan {
  alias: string;
  plan: PipelinePlan;
  inputs: string[];
  outputs: string[];
  span: Span;
}

export interface EndpointPlan {
  kind: 'connector' | 'pipeline';
  alias: string;
  port: string;
}

export interface LinkPlan {
  from: EndpointPlan;
  to: EndpointPlan;
  span: Span;
}

export interface FlowPlan {
  /** the deployed alias */
  name: string;
  connectors: ConnectorPlan[];
  pipelines: PipelineInstancePlan[];
  links: LinkPlan[];
}

export interface DeploymentPlan {
  flows: FlowPlan[];
}
