// The live status page of tremor-stream's control API (served at /). Plain script, no
// dependencies: polls /v1/flows and /v1/flows/{id}/stats every second, draws each flow's
// graph with each node's event rate, count, errors and breaker state, and charts the events
// per second into sinks and the worst p99 latency over the last five minutes.
'use strict';
(() => {
  const HISTORY = 300;
  const NS = 'http://www.w3.org/2000/svg';
  const W = 170;
  const H = 62;
  const GAP_X = 70;
  const GAP_Y = 18;
  const last = new Map();
  let polls = 0;
  const series = { throughput: [], latency: [] };
  const $ = (id) => document.getElementById(id);

  function el(name, attrs, parent) {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (parent) parent.appendChild(e);
    return e;
  }

  /** columns by the longest path from a node nothing feeds (a cycle stops the walk) */
  function layout(keys, links) {
    const into = new Map(keys.map((k) => [k, []]));
    for (const l of links) into.get(l.to)?.push(l.from);
    const depth = new Map();
    const walk = (k, seen) => {
      if (depth.has(k)) return depth.get(k);
      if (seen.has(k)) return 0;
      seen.add(k);
      const d = Math.max(-1, ...(into.get(k) ?? []).map((f) => walk(f, seen))) + 1;
      depth.set(k, d);
      return d;
    };
    for (const k of keys) walk(k, new Set());
    const rows = new Map();
    const pos = new Map();
    for (const k of keys) {
      const col = depth.get(k) ?? 0;
      const row = rows.get(col) ?? 0;
      rows.set(col, row + 1);
      pos.set(k, { x: 10 + col * (W + GAP_X), y: 10 + row * (H + GAP_Y) });
    }
    const width = 20 + Math.max(1, ...[...rows.keys()].map((c) => c + 1)) * (W + GAP_X) - GAP_X;
    const height = 20 + Math.max(1, ...rows.values()) * (H + GAP_Y) - GAP_Y;
    return { pos, width, height };
  }

  function section(stats) {
    const id = `flow-${stats.alias}`;
    let sec = document.getElementById(id);
    if (sec) return sec;
    sec = document.createElement('section');
    sec.id = id;
    sec.className = 'flow';
    sec.dataset.flow = stats.alias;
    const h = document.createElement('h2');
    h.innerHTML = '<span class="name"></span> <span class="state"></span>';
    h.querySelector('.name').textContent = `flow ${stats.alias}`;
    sec.appendChild(h);
    const keys = [...stats.connectors.map((c) => `connector/${c.alias}`), ...stats.pipelines.map((p) => `pipeline/${p}`)];
    const links = stats.links.map((l) => ({ from: `${l.from.kind}/${l.from.alias}`, to: `${l.to.kind}/${l.to.alias}`, port: l.from.port }));
    const { pos, width, height } = layout(keys, links);
    const div = document.createElement('div');
    div.className = 'graph';
    const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}` }, div);
    const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto' }, el('defs', {}, svg));
    el('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#3a4652' }, marker);
    for (const l of links) {
      const a = pos.get(l.from);
      const b = pos.get(l.to);
      if (!a || !b) continue;
      const x1 = a.x + W;
      const y1 = a.y + H / 2;
      const x2 = b.x;
      const y2 = b.y + H / 2;
      const mid = (x1 + x2) / 2;
      el('path', { class: 'link', d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}` }, svg);
    }
    for (const k of keys) {
      const p = pos.get(k);
      const [kind, alias] = [k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1)];
      const g = el('g', { class: `node ${kind}`, 'data-node': k, transform: `translate(${p.x},${p.y})` }, svg);
      el('rect', { width: W, height: H }, g);
      el('text', { x: 8, y: 17, class: 'title' }, g).textContent = alias;
      el('text', { x: W - 8, y: 17, 'text-anchor': 'end', class: 'sub' }, g).textContent = kind;
      el('text', { x: 8, y: 35, class: 'rate' }, g).textContent = '–';
      el('text', { x: 8, y: 53, class: 'sub count' }, g).textContent = '';
      el('text', { x: W - 8, y: 53, 'text-anchor': 'end', class: 'err' }, g).textContent = '';
    }
    sec.appendChild(div);
    $('flows').appendChild(sec);
    return sec;
  }

  /** updates a flow's section; returns its sinks' events/s and worst p99 (ms) */
  function render(stats, now) {
    const sec = section(stats);
    const state = sec.querySelector('h2 .state');
    state.textContent = stats.status;
    state.className = `state ${stats.status}`;
    const conn = new Map(stats.connectors.map((c) => [`connector/${c.alias}`, c]));
    let sinkRate = 0;
    let p99 = 0;
    for (const g of sec.querySelectorAll('g.node')) {
      const key = g.dataset.node;
      const n = stats.nodes[key] ?? { events_in: 0, events_out: 0, out: {}, in: {} };
      const total = n.events_out > 0 ? n.events_out : n.events_in;
      const id = `${stats.alias}/${key}`;
      const before = last.get(id);
      const rate = before && now > before.t ? ((total - before.total) * 1000) / (now - before.t) : 0;
      last.set(id, { t: now, total, in: n.events_in });
      const errs = (n.out.err ?? 0) + (n.in.err ?? 0);
      const c = conn.get(key);
      g.querySelector('.rate').textContent = `${rate >= 100 ? Math.round(rate) : rate.toFixed(1)} ev/s`;
      g.querySelector('.count').textContent = `${total} events`;
      g.querySelector('.err').textContent = c?.connectivity === 'disconnected' ? 'breaker open' : errs > 0 ? `${errs} err` : '';
      g.classList.toggle('open', c?.connectivity === 'disconnected');
      g.classList.toggle('paused', c?.status === 'paused');
      g.dataset.count = String(total);
      g.dataset.errors = String(errs);
      if (n.latency_ms) {
        const inRate = before && now > before.t ? ((n.events_in - before.in) * 1000) / (now - before.t) : 0;
        sinkRate += inRate;
        p99 = Math.max(p99, n.latency_ms.p99);
      }
    }
    return { sinkRate, p99 };
  }

  function chart(id, values, unit) {
    const c = $(id);
    const ctx = c.getContext('2d');
    const { width, height } = c;
    ctx.clearRect(0, 0, width, height);
    const max = Math.max(1, ...values);
    ctx.strokeStyle = '#58a6ff';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    values.forEach((v, i) => {
      const x = width - (values.length - 1 - i) * (width / (HISTORY - 1));
      const y = height - 6 - (v / max) * (height - 24);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
    ctx.fillStyle = '#8a96a3';
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText(`max ${max >= 100 ? Math.round(max) : max.toFixed(2)} ${unit}`, 6, 13);
    c.dataset.last = String(values[values.length - 1] ?? 0);
  }

  async function poll() {
    try {
      const flows = await (await fetch('/v1/flows')).json();
      const now = performance.now();
      let sinkRate = 0;
      let p99 = 0;
      for (const f of flows) {
        const stats = await (await fetch(`/v1/flows/${encodeURIComponent(f.alias)}/stats`)).json();
        const r = render(stats, now);
        sinkRate += r.sinkRate;
        p99 = Math.max(p99, r.p99);
      }
      for (const [name, v] of [['throughput', sinkRate], ['latency', p99]]) {
        series[name].push(v);
        if (series[name].length > HISTORY) series[name].shift();
      }
      chart('throughput', series.throughput, 'ev/s');
      chart('latency', series.latency, 'ms');
      document.body.dataset.polls = String(++polls);
      $('summary').textContent = `${flows.length} flow${flows.length === 1 ? '' : 's'} · ${Math.round(sinkRate)} events/s into sinks · p99 ${p99.toFixed(2)} ms`;
    } catch (e) {
      $('summary').textContent = `disconnected: ${e.message}`;
    }
    setTimeout(poll, 1000);
  }
  poll();
})();
