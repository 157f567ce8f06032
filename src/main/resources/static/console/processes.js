// The processes list: filters and paging live in the hash (#/processes?status=running&offset=50), one list request
// per page view, rows updated in place from the live stream.

import {call, query} from './api.js';
import {badge, fill, field, h, number, problemView, time} from './dom.js';
import {openStream} from './stream.js';

const LIMITS = [25, 50, 100, 200];

export async function render(root, ctx) {
  const p = ctx.params;
  const filters = {
    status: p.get('status') || '', namespace: p.get('namespace') || '', search: p.get('search') || '',
    sort: p.get('sort') || 'newest', limit: Number(p.get('limit')) || 50, offset: Number(p.get('offset')) || 0,
  };
  const form = filterForm(filters);
  const summary = h('p', {class: 'muted', id: 'list-summary'}, 'Loading…');
  const body = h('tbody', {id: 'process-rows'});
  const table = h('table', {class: 'grid', id: 'process-table'},
    h('caption', {class: 'sr-only'}, 'Processes'),
    h('thead', {}, h('tr', {}, ['Name', 'Namespace', 'Status', 'Current step', 'Steps', 'Started', 'Completed']
      .map((t) => h('th', {scope: 'col'}, t)))),
    body);
  const pager = h('nav', {class: 'pager', 'aria-label': 'Pages'});
  const fresh = h('p', {class: 'notice', hidden: true});
  root.append(h('h1', {}, 'Processes'), form, fresh, summary, h('div', {class: 'scroll'}, table), pager);

  let page;
  try {
    page = await call(`/processes${query(filters)}`, {signal: ctx.signal});
  } catch (e) {
    if (e.name === 'AbortError') return;
    fill(summary, problemView(e));
    return;
  }
  const rows = new Map();
  fill(body, page.processes.map((process) => {
    const row = rowOf(process);
    rows.set(process.process_id, row);
    return row.tr;
  }));
  if (!page.processes.length) body.append(h('tr', {}, h('td', {colspan: 7, class: 'muted'}, 'No processes match.')));
  const first = page.total ? page.offset + 1 : 0;
  fill(summary, `Showing ${number(first)}–${number(page.offset + page.processes.length)} of ${number(page.total)}`);
  fill(pager, pageLink('← Previous', filters, page.offset - page.limit, page.offset === 0),
    pageLink('Next →', filters, page.offset + page.limit, page.offset + page.limit >= page.total));
  document.body.dataset.listReady = 'true';
  performance.mark('list-ready');
  ctx.announce(`${number(page.total)} processes.`);

  let unseen = 0;
  openStream({
    token: ctx.token, signal: ctx.signal, onState: (s) => ctx.liveState(liveText(s)),
    onMessage: (message) => {
      if (message.event !== 'process_update') return;
      const update = JSON.parse(message.data);
      const row = rows.get(update.process.process_id);
      if (row) row.update(update.process);
      else if (update.update === 'process_created') {
        unseen += 1;
        fill(fresh, `${unseen} new process${unseen === 1 ? '' : 'es'} since this page loaded. `,
          h('a', {href: `#/processes${query({...filters, offset: 0, t: Date.now()})}`}, 'Show'));
        fresh.hidden = false;
      }
    },
  });
}

export function liveText(state) {
  return {open: '● Live', reconnecting: '◌ Reconnecting…', closed: '○ Live updates stopped'}[state] || '';
}

function rowOf(process) {
  const status = h('td', {}, badge(process.status));
  const current = h('td', {}, process.current_step || '—');
  const completed = h('td', {}, time(process.completed_at));
  const tr = h('tr', {dataset: {processId: process.process_id}},
    h('td', {}, h('a', {href: `#/processes/${process.process_id}`}, process.name)),
    h('td', {}, h('code', {}, process.namespace)),
    status, current,
    h('td', {class: 'num'}, process.step_count),
    h('td', {}, time(process.started_at)),
    completed);
  return {
    tr,
    update(changed) {
      fill(status, badge(changed.status));
      fill(current, changed.current_step || '—');
      if (changed.status !== 'running') fill(completed, time(changed.updated_at));
      tr.classList.remove('flash');
      void tr.offsetWidth;
      tr.classList.add('flash');
    },
  };
}

function pageLink(label, filters, offset, disabled) {
  if (disabled) return h('span', {class: 'disabled', 'aria-disabled': 'true'}, label);
  return h('a', {href: `#/processes${query({...filters, offset: Math.max(0, offset)})}`}, label);
}

function filterForm(filters) {
  const status = h('select', {name: 'status', id: 'filter-status'},
    ['', 'running', 'completed', 'failed'].map((v) => h('option', {value: v, selected: v === filters.status},
      v || 'Any')));
  const namespace = h('input', {name: 'namespace', id: 'filter-namespace', value: filters.namespace,
    placeholder: 'e.g. deployments'});
  const search = h('input', {name: 'search', id: 'filter-search', type: 'search', value: filters.search,
    placeholder: 'part of the name'});
  const sort = h('select', {name: 'sort', id: 'filter-sort'},
    [['newest', 'Newest first'], ['oldest', 'Oldest first']].map(([v, t]) =>
      h('option', {value: v, selected: v === filters.sort}, t)));
  const limit = h('select', {name: 'limit', id: 'filter-limit'},
    LIMITS.map((v) => h('option', {value: v, selected: v === filters.limit}, v)));
  const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Filter processes'},
    field('Status', status), field('Namespace', namespace), field('Name contains', search), field('Sort', sort),
    field('Per page', limit), h('button', {type: 'submit', id: 'filter-apply'}, 'Apply'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/processes${query({status: status.value, namespace: namespace.value.trim(),
      search: search.value.trim(), sort: sort.value === 'newest' ? '' : sort.value,
      limit: Number(limit.value) === 50 ? '' : limit.value})}`;
  });
  return form;
}
