// Analytics: summary figures, two time series (started per bucket as bars, success rate as a line), delivery
// metrics and the per-step table, all for one namespace (or all) over the last 7 or 30 days.

import {call, query} from './api.js';
import {bars, line} from './charts.js';
import {duration, fill, field, h, number, percent, problemView} from './dom.js';

export async function render(root, ctx) {
  const p = ctx.params;
  const days = Number(p.get('days')) || 7;
  const namespace = p.get('namespace') || '';
  const bucket = p.get('bucket') || (days > 2 ? 'day' : 'hour');
  const to = new Date();
  to.setUTCMinutes(0, 0, 0);
  to.setUTCHours(to.getUTCHours() + 1);
  const from = new Date(to.getTime() - days * 86400000);
  const range = {namespace, from: from.toISOString().replace('.000', ''), to: to.toISOString().replace('.000', '')};

  const nsInput = h('input', {id: 'analytics-namespace', value: namespace, placeholder: 'all namespaces'});
  const daysSelect = h('select', {id: 'analytics-days'}, [[1, 'Last 24 hours'], [7, 'Last 7 days'],
    [30, 'Last 30 days'], [90, 'Last 90 days']].map(([v, t]) => h('option', {value: v, selected: v === days}, t)));
  const bucketSelect = h('select', {id: 'analytics-bucket'}, ['hour', 'day'].map((v) =>
    h('option', {value: v, selected: v === bucket}, v)));
  const form = h('form', {class: 'filters', 'aria-label': 'Analytics range', onsubmit: (e) => {
    e.preventDefault();
    location.hash = `#/analytics${query({namespace: nsInput.value.trim(), days: daysSelect.value,
      bucket: bucketSelect.value})}`;
  }}, field('Namespace', nsInput), field('Range', daysSelect), field('Bucket', bucketSelect),
  h('button', {type: 'submit'}, 'Apply'));
  const out = h('div', {id: 'analytics-out'}, 'Loading…');
  root.append(h('h1', {}, 'Analytics'), form, out);

  let summary;
  let steps;
  let started;
  let success;
  let delivery;
  try {
    [summary, steps, started, success, delivery] = await Promise.all([
      call(`/analytics/summary${query(range)}`, {signal: ctx.signal}),
      call(`/analytics/steps${query(range)}`, {signal: ctx.signal}),
      call(`/analytics/timeseries${query({...range, metric: 'started', bucket})}`, {signal: ctx.signal}),
      call(`/analytics/timeseries${query({...range, metric: 'success_rate', bucket})}`, {signal: ctx.signal}),
      call(`/analytics/delivery${query(range)}`, {signal: ctx.signal}),
    ]);
  } catch (e) {
    if (e.name !== 'AbortError') fill(out, problemView(e));
    return;
  }
  const d = summary.duration_ms;
  fill(out,
    h('p', {class: 'muted'}, `As of ${summary.as_of.at ? new Date(summary.as_of.at).toLocaleString() : '—'}`,
      summary.lag_events ? ` (${number(summary.lag_events)} events not yet counted)` : ''),
    h('div', {class: 'cards', id: 'analytics-summary'},
      card('Started', number(summary.started)), card('Completed', number(summary.completed)),
      card('Failed', number(summary.failed)), card('Running', number(summary.running)),
      card('Success rate', percent(summary.success_rate)), card('Duration p50', duration(d.p50)),
      card('Duration p90', duration(d.p90)), card('Duration p99', duration(d.p99))),
    h('div', {class: 'two'},
      h('figure', {}, h('figcaption', {}, `Processes started per ${bucket}`),
        bars(started.points, {title: `Processes started per ${bucket}`, format: number})),
      h('figure', {}, h('figcaption', {}, `Success rate per ${bucket}`),
        line(success.points, {title: `Success rate per ${bucket}`, max: 1, format: percent}))),
    h('h2', {}, 'Delivery'),
    h('div', {class: 'cards', id: 'analytics-delivery'},
      card('Deployments', number(delivery.deployments)),
      card('Per day', delivery.deployment_frequency_per_day.toFixed(2)),
      card('Lead time p50', duration(delivery.lead_time_ms.p50)),
      card('Change failure rate', percent(delivery.change_failure_rate)),
      card('Time to restore p50', duration(delivery.time_to_restore_ms.p50))),
    h('h2', {}, 'Steps'),
    stepTable(steps.steps));
}

function card(label, value) {
  return h('div', {class: 'card stat'}, h('span', {class: 'stat-label'}, label), h('span', {class: 'stat-value'}, value));
}

function stepTable(rows) {
  if (!rows.length) return h('p', {class: 'muted'}, 'No steps ran in this range.');
  return h('div', {class: 'scroll'}, h('table', {class: 'grid', id: 'analytics-steps'},
    h('caption', {class: 'sr-only'}, 'Steps'),
    h('thead', {}, h('tr', {}, ['Namespace', 'Step', 'Runs', 'Attempts', 'Completed', 'Failed', 'Timed out',
      'Retry rate', 'Failure rate', 'p50', 'p90', 'Human wait p50'].map((t) => h('th', {scope: 'col'}, t)))),
    h('tbody', {}, rows.map((r) => h('tr', {},
      h('td', {}, h('code', {}, r.namespace)), h('td', {}, r.step),
      ...[r.runs, r.attempts, r.completed, r.failed, r.timed_out].map((n) => h('td', {class: 'num'}, number(n))),
      h('td', {class: 'num'}, percent(r.retry_rate)), h('td', {class: 'num'}, percent(r.failure_rate)),
      h('td', {class: 'num'}, duration(r.duration_ms.p50)), h('td', {class: 'num'}, duration(r.duration_ms.p90)),
      h('td', {class: 'num'}, r.human_wait_ms ? duration(r.human_wait_ms.p50) : '—'))))));
}
