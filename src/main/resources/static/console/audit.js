// A process's audit trail: its events with their actors, the hash chain's verification, the state at a chosen
// sequence or instant, and downloads (fetched with the Authorization header and saved through a Blob).

import {call, download, query} from './api.js';
import {badge, fill, field, h, problemView, time} from './dom.js';

export function renderAudit(root, ctx, process) {
  const id = process.process_id;
  const result = h('div', {id: 'verify-result', 'aria-live': 'polite'});
  const verify = h('button', {type: 'button', id: 'verify-button'}, 'Verify hash chain');
  const events = h('div', {id: 'audit-events'});
  const sequence = h('input', {type: 'number', min: 0, id: 'state-sequence', value: process.version});
  const instant = h('input', {type: 'datetime-local', step: 1, id: 'state-instant'});
  const stateOut = h('div', {id: 'state-result'});
  const exportOut = h('span', {class: 'muted', 'aria-live': 'polite'});
  fill(root,
    h('h2', {id: 'audit-title'}, 'Audit'),
    h('div', {class: 'toolbar'}, verify,
      h('button', {type: 'button', class: 'secondary', id: 'download-events', onclick: () => save(
        `/processes/${id}/events?limit=1000`, `process-${id}-events.ndjson`)}, 'Download events (NDJSON)'),
      h('button', {type: 'button', class: 'secondary', id: 'export-namespace', onclick: () => save(
        `/audit/export${query({namespace: process.namespace})}`, `export-${process.namespace}.ndjson`)},
      'Export namespace'), exportOut),
    result,
    h('form', {class: 'inline', id: 'state-form', onsubmit: (e) => {
      e.preventDefault();
      showState();
    }}, field('State at sequence', sequence), field('or at an instant (your local time)', instant),
    h('button', {type: 'submit', class: 'secondary'}, 'Show state')),
    stateOut,
    h('h3', {}, 'Event history'), events);

  verify.addEventListener('click', async () => {
    verify.disabled = true;
    fill(result, 'Verifying…');
    try {
      const v = await call(`/processes/${id}/verify`, {signal: ctx.signal});
      fill(result, v.valid
        ? h('p', {class: 'verdict'}, badge('valid'), ` Chain valid: ${v.events} events, head hash `,
          h('code', {class: 'hash'}, v.head_hash))
        : h('p', {class: 'verdict'}, badge('broken'), ` Chain broken at sequence ${v.broken_sequence}: ${v.reason}`));
      ctx.announce(v.valid ? 'Hash chain valid.' : 'Hash chain broken.');
    } catch (e) {
      if (e.name !== 'AbortError') fill(result, problemView(e));
    } finally {
      verify.disabled = false;
    }
  });

  async function showState() {
    fill(stateOut, 'Replaying…');
    try {
      const at = instant.value ? new Date(instant.value).toISOString() : null;
      const s = await call(`/processes/${id}/state${query(at ? {at} : {sequence: sequence.value})}`,
        {signal: ctx.signal});
      fill(stateOut, h('div', {class: 'card'},
        h('p', {}, at ? 'At ' : `At sequence ${sequence.value}: `, at ? time(at) : null, at ? ': ' : null,
          badge(s.status), ` — version ${s.version}, updated `,
          time(s.updated_at)),
        h('ul', {class: 'plain'}, s.timeline.map((t) => h('li', {}, badge(t.status), ' ', t.label,
          t.attempt ? ` (attempt ${t.attempt})` : '')))));
    } catch (e) {
      if (e.name !== 'AbortError') fill(stateOut, problemView(e));
    }
  }

  async function save(path, filename) {
    fill(exportOut, 'Downloading…');
    try {
      const size = await download(path, filename, 'application/x-ndjson');
      fill(exportOut, `Saved ${filename} (${size.toLocaleString()} bytes).`);
    } catch (e) {
      fill(exportOut, problemView(e));
    }
  }

  loadEvents(events, ctx, id);
}

async function loadEvents(root, ctx, id, after) {
  let page;
  try {
    page = await call(`/processes/${id}/events${query({after, limit: 200})}`, {signal: ctx.signal});
  } catch (e) {
    if (e.name !== 'AbortError') root.append(problemView(e));
    return;
  }
  let body = root.querySelector('tbody');
  if (!body) {
    body = h('tbody');
    root.append(h('table', {class: 'grid events'}, h('caption', {class: 'sr-only'}, 'Event history'),
      h('thead', {}, h('tr', {}, ['#', 'Event', 'When', 'Actor', 'Hash'].map((t) => h('th', {scope: 'col'}, t)))),
      body));
  }
  body.append(...page.events.map((e) => h('tr', {},
    h('td', {class: 'num'}, e.sequence),
    h('td', {}, h('code', {}, e.type), e.data && e.data.step ? ` ${e.data.step}` : ''),
    h('td', {}, time(e.occurred_at)),
    h('td', {}, e.actor ? e.actor.token_name || e.actor.token_id : 'server'),
    h('td', {}, h('code', {class: 'hash', title: e.hash}, e.hash ? `${e.hash.slice(0, 12)}…` : '—')))));
  root.querySelector('.more')?.remove();
  if (page.next_after !== null && page.next_after !== undefined && page.events.length === 200) {
    root.append(h('button', {type: 'button', class: 'secondary more',
      onclick: () => loadEvents(root, ctx, id, page.next_after)}, 'Load more events'));
  }
}
