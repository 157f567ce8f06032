// Small DOM helpers: elements are built with properties and text nodes only (no innerHTML), so nothing a server
// or a user sent can become markup, and nothing needs an inline style or script.

/** Creates an element: h('a', {href: '#/x', class: 'row', onclick: fn}, 'text', child, [more]). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';

/** Creates an SVG element; attributes are set as attributes. */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'for') el.htmlFor = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const STATUS_ICONS = {
  pending: '○', running: '▶', completed: '✓', approved: '✓', failed: '✕', rejected: '✕',
  timed_out: '⏱', skipped: '↷', cancelled: '⊘', expired: '⌛', valid: '✓', broken: '✕', active: '●',
  revoked: '⊘',
};

/** A status shown by text and a shape, the colour only reinforcing them. */
export function badge(status) {
  const name = status || 'unknown';
  return h('span', {class: `badge st-${name}`},
    h('span', {class: 'icon', 'aria-hidden': 'true'}, STATUS_ICONS[name] || '•'), ' ', name.replace('_', ' '));
}

export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return h('time', {datetime: iso, title: iso}, d.toLocaleString(undefined, {
    year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }));
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const sec = ms / 1000;
  if (sec < 60) return `${sec.toFixed(sec < 10 ? 1 : 0)} s`;
  const min = Math.floor(sec / 60);
  if (min < 60) return `${min} min ${Math.round(sec % 60)} s`;
  const hours = Math.floor(min / 60);
  return hours < 48 ? `${hours} h ${min % 60} min` : `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export function percent(rate) {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)} %`;
}

export function number(n) {
  return n === null || n === undefined ? '—' : Number(n).toLocaleString();
}

/** A readable rendering of an error, problem bodies included (title, detail, field issues). */
export function problemView(error) {
  const problem = error && error.problem;
  if (!problem) return h('div', {class: 'problem', role: 'alert'}, String(error && error.message || error));
  return h('div', {class: 'problem', role: 'alert'},
    h('strong', {}, `${problem.status || error.status} ${problem.title || 'Error'}`), ': ',
    problem.detail || problem.error || '',
    problem.details && problem.details.length
      ? h('ul', {}, problem.details.map((d) => h('li', {}, h('code', {}, d.field), ': ', d.message)))
      : null);
}

/** A labelled form control. */
export function field(label, control, hint) {
  if (!control.id) control.id = `f-${Math.random().toString(36).slice(2, 9)}`;
  return h('div', {class: 'field'}, h('label', {for: control.id}, label), control,
    hint ? h('small', {}, hint) : null);
}
