/**
 * Traces: ExportTraceServiceRequest ↔ `{"trace": [resource_spans…]}` as Tremor 0.12 maps
 * them (otel/trace.rs):
 *
 *   {"resource": {…}, "schema_url": s, "instrumentation_library_spans": [
 *     {"instrumentation_library": {"name", "version"}, "schema_url": s, "spans": [
 *       {"trace_id": hex, "span_id": hex, "parent_span_id": hex, "trace_state": s, "name": s,
 *        "kind": n, "start_time_unix_nano": ns, "end_time_unix_nano": ns, "attributes": {…},
 *        "dropped_attributes_count": n, "events": [{"time_unix_nano", "name", "attributes",
 *        "dropped_attributes_count"}], "dropped_events_count": n, "links": [{"trace_id",
 *        "span_id", "trace_state", "attributes", "dropped_attributes_count"}],
 *        "dropped_links_count": n, "status": {"code", "deprecated_code", "message"}}]}]}
 *
 * On the wire `instrumentation_library_spans` is field 2 of ResourceSpans (`scope_spans` in
 * later protos, same layout), so both old and new OTLP senders are read.
 */
import { isRecord, type Rec, type Value } from '../../runtime/value.js';
import * as common from './common.js';
import type { Pb } from './common.js';

function statusToValue(pb: Pb | null | undefined): Rec {
  if (!pb) return { code: 0, deprecated_code: 0, message: 'status code unset' };
  return { code: pb.code ?? 0, deprecated_code: pb.deprecated_code ?? 0, message: pb.message ?? '' };
}

function spanToValue(s: Pb): Rec {
  return {
    attributes: common.keyValuesToRecord(s.attributes ?? []),
    events: (s.events ?? []).map((e: Pb) => ({
      time_unix_nano: common.int64(e.time_unix_nano),
      name: e.name ?? '',
      attributes: common.keyValuesToRecord(e.attributes ?? []),
      dropped_attributes_count: e.dropped_attributes_count ?? 0,
    })),
    links: (s.links ?? []).map((l: Pb) => ({
      trace_id: common.hexId(l.trace_id),
      span_id: common.hexId(l.span_id),
      trace_state: l.trace_state ?? '',
      attributes: common.keyValuesToRecord(l.attributes ?? []),
      dropped_attributes_count: l.dropped_attributes_count ?? 0,
    })),
    span_id: common.hexId(s.span_id),
    parent_span_id: common.hexId(s.parent_span_id),
    trace_id: common.hexId(s.trace_id),
    start_time_unix_nano: common.int64(s.start_time_unix_nano),
    end_time_unix_nano: common.int64(s.end_time_unix_nano),
    trace_state: s.trace_state ?? '',
    dropped_attributes_count: s.dropped_attributes_count ?? 0,
    dropped_events_count: s.dropped_events_count ?? 0,
    dropped_links_count: s.dropped_links_count ?? 0,
    status: statusToValue(s.status),
    kind: s.kind ?? 0,
    name: s.name ?? '',
  };
}

export function traceRequestToValue(req: Pb): Rec {
  return {
    trace: (req.resource_spans ?? []).map((rs: Pb) => {
      const base: Rec = {
        instrumentation_library_spans: (rs.instrumentation_library_spans ?? []).map((ils: Pb) => {
          const e: Rec = { spans: (ils.spans ?? []).map(spanToValue), schema_url: ils.schema_url ?? '' };
          if (ils.instrumentation_library) e.instrumentation_library = common.libraryToValue(ils.instrumentation_library);
          return e;
        }),
        schema_url: rs.schema_url ?? '',
      };
      if (rs.resource) base.resource = common.resourceToValue(rs.resource);
      return base;
    }),
  };
}

function statusToPb(v: Value | undefined): Pb | null {
  if (v === undefined) return null;
  if (!isRecord(v)) throw new common.OtelMappingError('Invalid json mapping for Status');
  return { code: common.toInt32(v.code, 'status.code'), deprecated_code: common.toInt32(v.deprecated_code, 'status.deprecated_code'), message: common.toStr(v.message, 'status.message') };
}

function spanToPb(s: Rec): Pb {
  return {
    name: common.toStr(s.name, 'span.name'),
    start_time_unix_nano: common.toInt64(s.start_time_unix_nano, 'span.start_time_unix_nano'),
    end_time_unix_nano: common.toInt64(s.end_time_unix_nano, 'span.end_time_unix_nano'),
    status: statusToPb(s.status),
    kind: common.toInt32(s.kind, 'span.kind'),
    parent_span_id: common.spanId(s.parent_span_id),
    span_id: common.spanId(s.span_id),
    trace_id: common.traceId(s.trace_id),
    trace_state: common.toStr(s.trace_state, 'span.trace_state'),
    attributes: common.recordToKeyValues(s.attributes, 'span.attributes'),
    dropped_attributes_count: common.toInt32(s.dropped_attributes_count, 'span.dropped_attributes_count'),
    dropped_events_count: common.toInt32(s.dropped_events_count, 'span.dropped_events_count'),
    dropped_links_count: common.toInt32(s.dropped_links_count, 'span.dropped_links_count'),
    events: common.records(common.arrayOf(s, 'events', 'span.events')).map((e) => ({
      name: common.toStr(e.name, 'event.name'),
      time_unix_nano: common.toInt64(e.time_unix_nano, 'event.time_unix_nano'),
      attributes: common.recordToKeyValues(e.attributes, 'event.attributes'),
      dropped_attributes_count: common.toInt32(e.dropped_attributes_count, 'event.dropped_attributes_count'),
    })),
    links: common.records(common.arrayOf(s, 'links', 'span.links')).map((l) => ({
      span_id: common.spanId(l.span_id),
      trace_id: common.traceId(l.trace_id),
      trace_state: common.toStr(l.trace_state, 'link.trace_state'),
      attributes: common.recordToKeyValues(l.attributes, 'link.attributes'),
      dropped_attributes_count: common.toInt32(l.dropped_attributes_count, 'link.dropped_attributes_count'),
    })),
  };
}

/** `{"trace": [...]}` → ExportTraceServiceRequest */
export function valueToTraceRequest(v: Rec): Pb {
  return {
    resource_spans: common.records(common.arrayOf(v, 'trace', 'ResourceSpans')).map((rs) => ({
      instrumentation_library_spans: common.records(common.arrayOf(rs, 'instrumentation_library_spans', 'InstrumentationLibrarySpans')).map((ils) => ({
        instrumentation_library: ils.instrumentation_library === undefined ? null : common.valueToLibrary(ils.instrumentation_library),
        schema_url: common.toStr(ils.schema_url, 'schema_url'),
        spans: common.records(common.arrayOf(ils, 'spans', 'spans')).map(spanToPb),
      })),
      schema_url: common.toStr(rs.schema_url, 'schema_url'),
      resource: rs.resource === undefined ? null : common.valueToResource(rs.resource),
    })),
  };
}
