/**
 * Metrics: ExportMetricsServiceRequest ↔ `{"metrics": [resource_metrics…]}` in Tremor's
 * layout (otel/metrics.rs):
 *
 *   {"resource": {…}, "schema_url": s, "instrumentation_library_metrics": [
 *     {"instrumentation_library": {…}, "schema_url": s, "metrics": [
 *       {"name": s, "description": s, "unit": s, "data": {"gauge": {"data_points": […]}}}]}]}
 *
 * `data` holds one of `gauge` {data_points}, `sum` {data_points, is_monotonic,
 * aggregation_temporality}, `histogram` {data_points, aggregation_temporality}, `summary`
 * {data_points}. Number points are `{"value", "start_time_unix_nano", "time_unix_nano",
 * "attributes", "exemplars", "flags"}` (value: an integer for `as_int`, a float for
 * `as_double`); histogram points add `count`, `sum`, `bucket_counts`, `explicit_bounds`
 * (and `min`/`max` when set); summary points `count`, `sum`, `quantile_values` [{quantile,
 * value}]. Exemplars: `{"span_id", "trace_id", "filtered_attributes", "time_unix_nano",
 * "value"}`.
 */
import { float, FloatBox, isInt, isRecord, type Rec, type Value } from '../../runtime/value.js';
import * as common from './common.js';
import type { Pb } from './common.js';

const pointValue = (p: Pb): Value => (p.value === 'as_int' ? common.int64(p.as_int) : float(p.as_double ?? 0));

function exemplarsToValue(es: Pb[] | undefined): Value[] {
  return (es ?? []).map((e) => ({
    span_id: common.hexId(e.span_id),
    trace_id: common.hexId(e.trace_id),
    filtered_attributes: common.keyValuesToRecord(e.filtered_attributes ?? []),
    time_unix_nano: common.int64(e.time_unix_nano),
    value: pointValue(e),
  }));
}

const times = (p: Pb): Rec => ({ start_time_unix_nano: common.int64(p.start_time_unix_nano), time_unix_nano: common.int64(p.time_unix_nano), attributes: common.keyValuesToRecord(p.attributes ?? []) });

function numberPoints(ps: Pb[] | undefined): Value[] {
  return (ps ?? []).map((p) => ({ value: pointValue(p), ...times(p), exemplars: exemplarsToValue(p.exemplars), flags: p.flags ?? 0 }));
}

function histogramPoints(ps: Pb[] | undefined): Value[] {
  return (ps ?? []).map((p) => {
    const r: Rec = {
      ...times(p),
      exemplars: exemplarsToValue(p.exemplars),
      count: common.int64(p.count),
      sum: float(p.sum ?? 0),
      bucket_counts: (p.bucket_counts ?? []).map(common.int64),
      explicit_bounds: (p.explicit_bounds ?? []).map(float),
      flags: p.flags ?? 0,
    };
    if (p.min !== undefined && p.min !== null) r.min = float(p.min);
    if (p.max !== undefined && p.max !== null) r.max = float(p.max);
    return r;
  });
}

function summaryPoints(ps: Pb[] | undefined): Value[] {
  return (ps ?? []).map((p) => ({
    ...times(p),
    count: common.int64(p.count),
    sum: float(p.sum ?? 0),
    flags: p.flags ?? 0,
    quantile_values: (p.quantile_values ?? []).map((q: Pb) => ({ value: float(q.value ?? 0), quantile: float(q.quantile ?? 0) })),
  }));
}

function dataToValue(m: Pb): Value {
  switch (m.data) {
    case 'gauge':
      return { gauge: { data_points: numberPoints(m.gauge.data_points) } };
    case 'sum':
      return { sum: { is_monotonic: m.sum.is_monotonic ?? false, data_points: numberPoints(m.sum.data_points), aggregation_temporality: m.sum.aggregation_temporality ?? 0 } };
    case 'histogram':
      return { histogram: { data_points: histogramPoints(m.histogram.data_points), aggregation_temporality: m.histogram.aggregation_temporality ?? 0 } };
    case 'summary':
      return { summary: { data_points: summaryPoints(m.summary.data_points) } };
    default:
      return null;
  }
}

export function metricsRequestToValue(req: Pb): Rec {
  return {
    metrics: (req.resource_metrics ?? []).map((rm: Pb) => {
      const base: Rec = {
        instrumentation_library_metrics: (rm.instrumentation_library_metrics ?? []).map((ilm: Pb) => {
          const metrics = (ilm.metrics ?? []).map((m: Pb) => ({ name: m.name ?? '', description: m.description ?? '', data: dataToValue(m), unit: m.unit ?? '' }));
          const e: Rec = { metrics, schema_url: ilm.schema_url ?? '' };
          if (ilm.instrumentation_library) e.instrumentation_library = common.libraryToValue(ilm.instrumentation_library);
          return e;
        }),
        schema_url: rm.schema_url ?? '',
      };
      if (rm.resource) base.resource = common.resourceToValue(rm.resource);
      return base;
    }),
  };
}

/** a point's value: an integer goes to `as_int`, a float to `as_double` */
function valueToPoint(v: Value | undefined, what: string): Pb {
  if (isInt(v)) return { as_int: String(v) };
  if (typeof v === 'number' || v instanceof FloatBox) return { as_double: common.toDouble(v, what) };
  throw new common.OtelMappingError(`Invalid json mapping for ${what}`);
}

function exemplarsToPb(p: Rec): Pb[] {
  return common.records(common.arrayOf(p, 'exemplars', 'exemplars')).map((e) => ({
    filtered_attributes: common.recordToKeyValues(e.filtered_attributes, 'exemplar.filtered_attributes'),
    time_unix_nano: common.toInt64(e.time_unix_nano, 'exemplar.time_unix_nano'),
    span_id: common.spanId(e.span_id),
    trace_id: common.traceId(e.trace_id),
    ...valueToPoint(e.value, 'exemplar.value'),
  }));
}

function timesToPb(p: Rec): Pb {
  return {
    attributes: common.recordToKeyValues(p.attributes, 'data_point.attributes'),
    start_time_unix_nano: common.toInt64(p.start_time_unix_nano, 'data_point.start_time_unix_nano'),
    time_unix_nano: common.toInt64(p.time_unix_nano, 'data_point.time_unix_nano'),
    flags: common.toInt32(p.flags, 'data_point.flags'),
  };
}

const points = (d: Rec) => common.records(common.arrayOf(d, 'data_points', 'data_points'));
const numberPointsToPb = (d: Rec) => points(d).map((p) => ({ ...timesToPb(p), exemplars: exemplarsToPb(p), ...valueToPoint(p.value, 'data_point.value') }));

function dataToPb(data: Value | undefined): Pb {
  if (!isRecord(data)) throw new common.OtelMappingError('Invalid metric data point type - cannot convert to pb');
  const agg = (d: Rec) => common.toInt32(d.aggregation_temporality, 'aggregation_temporality');
  if (isRecord(data.gauge)) return { gauge: { data_points: numberPointsToPb(data.gauge) } };
  if (isRecord(data.sum)) return { sum: { data_points: numberPointsToPb(data.sum), is_monotonic: common.toBool(data.sum.is_monotonic, 'is_monotonic'), aggregation_temporality: agg(data.sum) } };
  if (isRecord(data.histogram)) {
    const h = data.histogram;
    const dp = points(h).map((p) => {
      const r: Pb = {
        ...timesToPb(p),
        exemplars: exemplarsToPb(p),
        count: common.toInt64(p.count, 'count'),
        sum: common.toDouble(p.sum, 'sum'),
        bucket_counts: common.arrayOf(p, 'bucket_counts', 'bucket_counts').map((c) => common.toInt64(c, 'bucket_counts')),
        explicit_bounds: common.arrayOf(p, 'explicit_bounds', 'explicit_bounds').map((b) => common.toDouble(b, 'explicit_bounds')),
      };
      if (p.min !== undefined) r.min = common.toDouble(p.min, 'min');
      if (p.max !== undefined) r.max = common.toDouble(p.max, 'max');
      return r;
    });
    return { histogram: { data_points: dp, aggregation_temporality: agg(h) } };
  }
  if (isRecord(data.summary)) {
    const dp = points(data.summary).map((p) => ({
      ...timesToPb(p),
      count: common.toInt64(p.count, 'count'),
      sum: common.toDouble(p.sum, 'sum'),
      quantile_values: common.records(common.arrayOf(p, 'quantile_values', 'quantile_values')).map((q) => ({ value: common.toDouble(q.value, 'value'), quantile: common.toDouble(q.quantile, 'quantile') })),
    }));
    return { summary: { data_points: dp } };
  }
  throw new common.OtelMappingError('Invalid metric data point type - cannot convert to pb');
}

/** `{"metrics": [...]}` → ExportMetricsServiceRequest */
export function valueToMetricsRequest(v: Rec): Pb {
  return {
    resource_metrics: common.records(common.arrayOf(v, 'metrics', 'ResourceMetrics')).map((rm) => ({
      instrumentation_library_metrics: common.records(common.arrayOf(rm, 'instrumentation_library_metrics', 'InstrumentationLibraryMetrics')).map((ilm) => ({
        instrumentation_library: ilm.instrumentation_library === undefined ? null : common.valueToLibrary(ilm.instrumentation_library),
        schema_url: common.toStr(ilm.schema_url, 'schema_url'),
        metrics: common.records(common.arrayOf(ilm, 'metrics', 'metrics')).map((m) => ({
          name: common.toStr(m.name, 'metric.name'),
          description: common.toStr(m.description, 'metric.description'),
          unit: common.toStr(m.unit, 'metric.unit'),
          ...dataToPb(m.data),
        })),
      })),
      schema_url: common.toStr(rm.schema_url, 'schema_url'),
      resource: rm.resource === undefined ? null : common.valueToResource(rm.resource),
    })),
  };
}
