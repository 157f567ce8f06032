// Small SVG charts drawn with attributes only (no inline styles, no library): a step timeline, bars and a line.

import {duration, h, s} from './dom.js';

const W = 1000;

/** A Gantt-style chart: one bar per step from started_at to completed_at (or now while it runs). */
export function gantt(timeline, now) {
  const started = timeline.filter((t) => t.started_at);
  if (!started.length) return h('p', {class: 'muted'}, 'No step has started yet.');
  const end = (t) => (t.completed_at ? Date.parse(t.completed_at) : now.getTime());
  const t0 = Math.min(...started.map((t) => Date.parse(t.started_at)));
  const t1 = Math.max(t0 + 1000, ...started.map(end));
  const label = 150;
  const row = 22;
  const width = W - label - 90;
  const x = (ms) => label + ((ms - t0) / (t1 - t0)) * width;
  const svg = s('svg', {viewBox: `0 0 ${W} ${timeline.length * row + 24}`, class: 'chart', role: 'img',
    'aria-label': `Timeline of ${timeline.length} steps over ${duration(t1 - t0)}`});
  timeline.forEach((t, i) => {
    const y = i * row + 4;
    svg.append(s('text', {x: 0, y: y + 15, class: 'axis-label'}, t.label.length > 22 ? `${t.label.slice(0, 21)}…` : t.label));
    svg.append(s('line', {x1: label, x2: label + width, y1: y + row - 3, y2: y + row - 3, class: 'grid-line'}));
    if (!t.started_at) {
      svg.append(s('text', {x: label + 4, y: y + 15, class: 'muted-text'}, t.status));
      return;
    }
    const a = x(Date.parse(t.started_at));
    const b = Math.max(a + 3, x(end(t)));
    svg.append(s('rect', {x: a, y: y + 3, width: b - a, height: row - 10, rx: 3, class: `bar st-${t.status}`},
      s('title', {}, `${t.label}: ${t.status}, ${duration(end(t) - Date.parse(t.started_at))}`)));
    svg.append(s('text', {x: b + 4, y: y + 15, class: 'axis-label'},
      `${t.status === 'running' ? '▶' : ''}${duration(end(t) - Date.parse(t.started_at))}`));
  });
  const axisY = timeline.length * row + 18;
  svg.append(s('text', {x: label, y: axisY, class: 'axis-label'}, new Date(t0).toLocaleTimeString()));
  svg.append(s('text', {x: label + width, y: axisY, class: 'axis-label', 'text-anchor': 'end'},
    new Date(t1).toLocaleTimeString()));
  return svg;
}

/** Bars for points [{at, value}] with a title and a text alternative. */
export function bars(points, {title, format = String}) {
  const height = 180;
  const values = points.map((p) => p.value || 0);
  const max = Math.max(1, ...values);
  const step = (W - 60) / Math.max(1, points.length);
  const svg = s('svg', {viewBox: `0 0 ${W} ${height + 30}`, class: 'chart', role: 'img',
    'aria-label': `${title}: ${points.length} points, highest ${format(max)}`});
  svg.append(s('text', {x: 0, y: 12, class: 'axis-label'}, format(max)));
  svg.append(s('line', {x1: 50, x2: W, y1: height, y2: height, class: 'grid-line'}));
  points.forEach((p, i) => {
    const v = p.value || 0;
    const bh = (v / max) * (height - 20);
    svg.append(s('rect', {x: 55 + i * step, y: height - bh, width: Math.max(1, step - 2), height: bh, class: 'bar'},
      s('title', {}, `${new Date(p.at).toLocaleString()}: ${p.value === null ? 'no data' : format(v)}`)));
  });
  axis(svg, points, height);
  return svg;
}

/** A line for points [{at, value}] (null values leave gaps), on a 0..max scale. */
export function line(points, {title, max = null, format = String}) {
  const height = 180;
  const top = max ?? Math.max(1e-9, ...points.map((p) => p.value || 0));
  const step = (W - 60) / Math.max(1, points.length - 1);
  const svg = s('svg', {viewBox: `0 0 ${W} ${height + 30}`, class: 'chart', role: 'img',
    'aria-label': `${title}: ${points.length} points`});
  svg.append(s('text', {x: 0, y: 12, class: 'axis-label'}, format(top)));
  svg.append(s('line', {x1: 50, x2: W, y1: height, y2: height, class: 'grid-line'}));
  let d = '';
  let pen = false;
  points.forEach((p, i) => {
    if (p.value === null || p.value === undefined) {
      pen = false;
      return;
    }
    const px = 55 + i * step;
    const py = height - (p.value / top) * (height - 20);
    d += `${pen ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)} `;
    pen = true;
    svg.append(s('circle', {cx: px, cy: py, r: 3, class: 'dot'},
      s('title', {}, `${new Date(p.at).toLocaleString()}: ${format(p.value)}`)));
  });
  if (d) svg.prepend(s('path', {d: d.trim(), class: 'line'}));
  axis(svg, points, height);
  return svg;
}

function axis(svg, points, height) {
  if (!points.length) return;
  svg.append(s('text', {x: 55, y: height + 20, class: 'axis-label'}, new Date(points[0].at).toLocaleDateString()));
  svg.append(s('text', {x: W, y: height + 20, class: 'axis-label', 'text-anchor': 'end'},
    new Date(points[points.length - 1].at).toLocaleDateString()));
}
