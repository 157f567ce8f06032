// The approvals inbox: pending tasks, each approved or rejected with a comment (POST /tasks/{id}/complete).

import {call, query} from './api.js';
import {badge, fill, field, h, problemView, time} from './dom.js';

export async function render(root, ctx) {
  const list = h('div', {id: 'approvals-list'}, 'Loading…');
  root.append(h('h1', {}, 'Approvals'),
    h('p', {class: 'muted'}, 'Human steps waiting for a decision. Approving completes the step, rejecting fails it.'),
    list);
  await load(list, ctx);
}

async function load(list, ctx) {
  let page;
  try {
    page = await call(`/tasks${query({status: 'pending', limit: 100})}`, {signal: ctx.signal});
  } catch (e) {
    if (e.name === 'AbortError') return;
    fill(list, problemView(e));
    return;
  }
  const focus = ctx.params.get('task');
  if (!page.tasks.length) {
    fill(list, h('p', {class: 'empty'}, badge('completed'), ' Nothing is waiting for approval.'));
    return;
  }
  fill(list, h('p', {class: 'muted'}, `${page.total} pending`),
    h('ul', {class: 'tasks'}, page.tasks.map((task) => taskItem(task, ctx, focus === task.task_id))));
}

function taskItem(task, ctx, focused) {
  const comment = h('textarea', {rows: 2, maxlength: 4000, id: `comment-${task.task_id}`, class: 'comment'});
  const outcome = h('div', {'aria-live': 'polite'});
  const approve = h('button', {type: 'button', class: 'approve', dataset: {decision: 'approve'}}, '✓ Approve');
  const reject = h('button', {type: 'button', class: 'reject danger', dataset: {decision: 'reject'}}, '✕ Reject');
  const item = h('li', {class: `card task${focused ? ' focused' : ''}`, dataset: {taskId: task.task_id}},
    h('h2', {}, task.title),
    h('dl', {class: 'facts'},
      fact('Process', h('a', {href: `#/processes/${task.process_id}`}, h('code', {}, task.process_id.slice(0, 8)))),
      fact('Step', h('code', {}, task.process_step)), fact('Assignee', task.assignee || '—'),
      fact('Requested by', task.created_by ? task.created_by.token_name : '—'),
      fact('Created', time(task.created_at)), fact('Expires', time(task.expires_at)),
      task.distinct_approver ? fact('Rule', 'Four eyes: the requester cannot approve') : null),
    task.instructions ? h('p', {class: 'instructions'}, task.instructions) : null,
    field('Comment', comment), h('div', {class: 'toolbar'}, approve, reject), outcome);
  const decide = async (decision) => {
    approve.disabled = true;
    reject.disabled = true;
    try {
      const done = await call(`/tasks/${task.task_id}/complete`, {method: 'POST', signal: ctx.signal,
        body: comment.value.trim() ? {decision, comment: comment.value} : {decision}});
      fill(outcome, h('p', {}, badge(done.status), ` ${decision === 'approve' ? 'Approved' : 'Rejected'}.`));
      item.classList.add('done');
      ctx.announce(`Task ${task.title} ${done.status}.`);
    } catch (e) {
      if (e.name === 'AbortError') return;
      fill(outcome, problemView(e));
      approve.disabled = false;
      reject.disabled = false;
    }
  };
  approve.addEventListener('click', () => decide('approve'));
  reject.addEventListener('click', () => decide('reject'));
  return item;
}

function fact(label, value) {
  return h('div', {}, h('dt', {}, label), h('dd', {}, value));
}
