// One process: steps, a Gantt-style timeline, live updates from the stream narrowed to it, and its audit trail.

import {call, query} from './api.js';
import {badge, duration, fill, h, problemView, time} from './dom.js';
import {openStream} from './stream.js';
import {liveText} from './processes.js';
import {gantt} from './charts.js';
import {renderAudit} from './audit.js';

export async function render(root, ctx, id) {
  const head = h('div', {id: 'process-head'});
  const steps = h('div', {id: 'process-steps'});
  const chart = h('figure', {class: 'gantt', id: 'process-gantt'});
  const audit = h('section', {id: 'audit', 'aria-labelledby': 'audit-title'});
  root.append(h('p', {}, h('a', {href: '#/processes'}, '← Processes')), head,
    h('h2', {}, 'Steps'), steps, h('h2', {}, 'Timeline'), chart, audit);

  let process;
  try {
    process = await call(`/processes/${encodeURIComponent(id)}`, {signal: ctx.signal});
  } catch (e) {
    if (e.name !== 'AbortError') fill(head, problemView(e));
    return;
  }
  const draw = (p) => {
    fill(head, header(p));
    fill(steps, stepTable(p));
    fill(chart, gantt(p.timeline, new Date()), h('figcaption', {class: 'muted'},
      'Each bar spans a step from its start to its completion (or now, while it runs).'));
    document.body.dataset.processVersion = String(p.version);
  };
  draw(process);
  renderAudit(audit, ctx, process);

  // the newest version the stream has announced; reads repeat until the page shows it, so a change announced while
  // a read was under way is never lost
  let wanted = process.version;
  let reading = false;
  const refresh = async () => {
    if (reading) return;
    reading = true;
    try {
      while (wanted > process.version && !ctx.signal.aborted) {
        const p = await call(`/processes/${encodeURIComponent(id)}`, {signal: ctx.signal});
        if (p.version <= process.version) break;
        process = p;
        draw(p);
        ctx.announce(`Process ${p.name}: ${p.status}${p.current_step ? `, step ${p.current_step}` : ''}.`);
      }
    } catch (e) {
      // a failed read is retried by the next message; the page keeps what it shows
    } finally {
      reading = false;
    }
  };
  openStream({
    path: `/api/v1/stream${query({process_id: id})}`, token: ctx.token, signal: ctx.signal,
    onState: (s) => ctx.liveState(liveText(s)),
    onMessage: (message) => {
      if (message.event === 'reset') wanted = Math.max(wanted, process.version + 1);
      else if (message.event === 'process_update') {
        const update = JSON.parse(message.data);
        if (update.process.process_id !== id) return;
        wanted = Math.max(wanted, update.process.version);
      } else return;
      refresh();
    },
  });
  // running steps' bars and durations grow while nothing else happens
  const tick = setInterval(() => {
    if (process.status === 'running') fill(chart, gantt(process.timeline, new Date()));
  }, 5000);
  ctx.signal.addEventListener('abort', () => clearInterval(tick));
}

function header(p) {
  return [
    h('h1', {}, p.name, ' ', badge(p.status)),
    h('dl', {class: 'facts'},
      fact('Process id', h('code', {}, p.process_id)), fact('Namespace', h('code', {}, p.namespace)),
      fact('Started', time(p.started_at)), fact('Completed', time(p.completed_at)),
      fact('Current step', p.current_step || '—'), fact('Version', p.version),
      p.task_ids && p.task_ids.length ? fact('Tasks', p.task_ids.map((t) => taskLink(t))) : null),
    p.description ? h('p', {}, p.description) : null,
    p.summary ? h('p', {class: 'summary'}, h('strong', {}, 'Summary: '), p.summary) : null,
    p.error ? h('p', {class: 'error-text'}, h('strong', {}, 'Error: '), p.error) : null,
  ];
}

function fact(label, value) {
  return h('div', {}, h('dt', {}, label), h('dd', {}, value));
}

function taskLink(taskId) {
  return h('a', {href: `#/approvals${query({task: taskId})}`, class: 'task-link'}, h('code', {}, taskId.slice(0, 8)));
}

function stepTable(p) {
  return h('table', {class: 'grid steps'},
    h('caption', {class: 'sr-only'}, 'Steps'),
    h('thead', {}, h('tr', {}, ['Step', 'Status', 'Attempt', 'Progress', 'Started', 'Duration', 'Details']
      .map((t) => h('th', {scope: 'col'}, t)))),
    h('tbody', {}, p.timeline.map((t) => h('tr', {dataset: {step: t.step}},
      h('td', {}, h('strong', {}, t.label), h('br'), h('code', {class: 'muted'}, t.step),
        t.human ? h('span', {class: 'tag'}, 'human') : null),
      h('td', {}, badge(t.status)),
      h('td', {class: 'num'}, t.attempt || '—'),
      h('td', {}, progressOf(t)),
      h('td', {}, time(t.started_at)),
      h('td', {class: 'num'}, t.duration_ms !== null && t.duration_ms !== undefined
        ? duration(t.duration_ms)
        : t.started_at && t.status === 'running' ? `${duration(Date.now() - Date.parse(t.started_at))} so far` : '—'),
      h('td', {class: 'details'}, detailsOf(t))))));
}

function progressOf(t) {
  const done = ['completed', 'skipped'].includes(t.status);
  const value = done ? 100 : t.progress_percent;
  if (value === null || value === undefined) return t.progress_message || '—';
  return h('div', {class: 'progress'},
    h('progress', {max: 100, value, 'aria-label': `${t.label} progress`}, `${value} %`),
    h('span', {}, `${value} %`), t.progress_message ? h('small', {}, t.progress_message) : null);
}

function detailsOf(t) {
  return [
    t.detail ? h('div', {}, t.detail) : null,
    t.error ? h('div', {class: 'error-text'}, h('strong', {}, 'Error: '), t.error) : null,
    t.data ? h('details', {}, h('summary', {}, 'data'), h('pre', {}, JSON.stringify(t.data, null, 2))) : null,
    t.task_id ? h('div', {}, 'Task ', taskLink(t.task_id)) : null,
  ];
}
