// Tokens (admins): the organization's tokens, creating one (its secret shown once, with a copy button) and
// revoking one after a second, explicit click.

import {call, query} from './api.js';
import {badge, fill, field, h, problemView, time} from './dom.js';

const SCOPES = ['processes:read', 'processes:write', 'tasks:create', 'tasks:read', 'admin', 'system'];

export async function render(root, ctx) {
  const created = h('div', {id: 'token-created', 'aria-live': 'polite'});
  const list = h('div', {id: 'token-list'}, 'Loading…');
  root.append(h('h1', {}, 'Tokens'), createForm(ctx, created, () => load(list, ctx)), created,
    h('h2', {}, 'Tokens of this organization'), list);
  await load(list, ctx);
}

function createForm(ctx, created, reload) {
  const name = h('input', {id: 'token-name', required: true, maxlength: 200});
  const boxes = SCOPES.map((scope) => h('input', {type: 'checkbox', value: scope, id: `scope-${scope}`,
    defaultChecked: scope === 'processes:read'}));
  const expires = h('input', {type: 'datetime-local', id: 'token-expires'});
  const problem = h('div');
  const form = h('form', {class: 'card', id: 'token-form', 'aria-labelledby': 'token-form-title'},
    h('h2', {id: 'token-form-title'}, 'New token'),
    field('Name', name),
    h('fieldset', {}, h('legend', {}, 'Scopes'),
      boxes.map((box) => h('span', {class: 'check'}, box, h('label', {for: box.id}, box.value)))),
    field('Expires (optional, your local time)', expires),
    h('button', {type: 'submit', id: 'token-create'}, 'Create token'), problem);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fill(problem);
    const body = {name: name.value.trim(), scopes: boxes.filter((b) => b.checked).map((b) => b.value)};
    if (expires.value) body.expires_at = new Date(expires.value).toISOString();
    try {
      const token = await call('/tokens', {method: 'POST', body, signal: ctx.signal});
      showSecret(created, token);
      form.reset();
      ctx.announce(`Token ${token.name} created. Copy its secret now: it is shown only once.`);
      reload();
    } catch (e) {
      if (e.name !== 'AbortError') fill(problem, problemView(e));
    }
  });
  return form;
}

function showSecret(root, token) {
  const secret = h('input', {id: 'token-secret', readonly: true, value: token.token, class: 'secret',
    'aria-label': 'New token secret', spellcheck: 'false'});
  const copied = h('span', {'aria-live': 'polite', class: 'muted'});
  fill(root, h('div', {class: 'card once', role: 'region', 'aria-label': 'New token secret'},
    h('p', {}, h('strong', {}, `Token “${token.name}” created.`),
      ' Copy the secret now: it is shown only once and cannot be retrieved later.'),
    h('div', {class: 'toolbar'}, secret,
      h('button', {type: 'button', id: 'token-copy', onclick: async () => {
        try {
          await navigator.clipboard.writeText(token.token);
          copied.textContent = 'Copied.';
        } catch (e) {
          secret.select();
          copied.textContent = 'Copy was refused; the secret is selected, press Ctrl+C.';
        }
      }}, 'Copy'),
      h('button', {type: 'button', class: 'secondary', id: 'token-dismiss', onclick: () => fill(root)}, 'Done'),
      copied)));
  secret.focus();
  secret.select();
}

async function load(list, ctx) {
  let page;
  try {
    page = await call(`/tokens${query({limit: 200})}`, {signal: ctx.signal});
  } catch (e) {
    if (e.name !== 'AbortError') fill(list, problemView(e));
    return;
  }
  const now = Date.now();
  fill(list, h('div', {class: 'scroll'}, h('table', {class: 'grid', id: 'token-table'},
    h('caption', {class: 'sr-only'}, 'Tokens'),
    h('thead', {}, h('tr', {}, ['Name', 'Prefix', 'Scopes', 'State', 'Created', 'Expires', 'Last used', '']
      .map((t) => h('th', {scope: 'col'}, t)))),
    h('tbody', {}, page.tokens.map((t) => {
      const stateName = t.revoked_at ? 'revoked' : t.expires_at && Date.parse(t.expires_at) <= now ? 'expired'
        : 'active';
      return h('tr', {dataset: {tokenId: t.token_id, tokenName: t.name}},
        h('td', {}, t.name), h('td', {}, h('code', {}, t.prefix)),
        h('td', {}, t.scopes.map((sc) => h('span', {class: 'tag'}, sc))),
        h('td', {class: 'token-state'}, badge(stateName)),
        h('td', {}, time(t.created_at)), h('td', {}, time(t.expires_at)), h('td', {}, time(t.last_used_at)),
        h('td', {}, stateName === 'revoked' ? '' : revokeButton(t, ctx, () => load(list, ctx))));
    })))),
  page.total > page.tokens.length ? h('p', {class: 'muted'}, `First ${page.tokens.length} of ${page.total}.`) : null);
}

function revokeButton(token, ctx, reload) {
  const button = h('button', {type: 'button', class: 'danger small revoke'}, 'Revoke');
  let armed = false;
  button.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      button.textContent = `Confirm revoke “${token.name}”`;
      return;
    }
    button.disabled = true;
    try {
      await call(`/tokens/${token.token_id}`, {method: 'DELETE', signal: ctx.signal});
      ctx.announce(`Token ${token.name} revoked.`);
      reload();
    } catch (e) {
      if (e.name !== 'AbortError') button.replaceWith(problemView(e));
    }
  });
  button.addEventListener('blur', () => {
    if (armed && !button.disabled) {
      armed = false;
      button.textContent = 'Revoke';
    }
  });
  return button;
}
