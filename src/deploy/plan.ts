/**
 * A compiled deployment: the flows to run, each with its connector and pipeline instances and
 * the links between their ports. Pure data (plus compiled pipelines); the flow runtime
 * (src/flow/) turns it into running streams.
 */
import type { Span } from '../base/source.js';
import type { PipelinePlan } from '../pipeline/plan.js';
import type { Value } from '../runtime/value.js';
import type { Named } from '../codecs/codec.js';

export type { Named };

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
  /** `#!config metrics_interval_s` of the pipeline: report its event counts every N seconds */
  metricsIntervalS?: number | null;
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
