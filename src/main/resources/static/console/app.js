// The console's shell: sign-in, the token's session, hash routing (#/processes, ...) and the live indicator.
// Each view module exports render(root, ctx); ctx.signal aborts the view's requests and stream when it is left.

import {ApiError, call, onUnauthorized, session} from './api.js';
import {fill, h} from './dom.js';
import * as processes from './processes.js';
import * as processView from './process.js';
import * as approvals from './approvals.js';
import * as tokens from './tokens.js';
import * as analytics from './analytics.js';

const $ = (id) => document.getElementById(id);
const state = {admin: false, view: null};

export function announce(message) {
  $('status').textContent = message;
}

function liveState(text) {
  const live = $('live');
  live.hidden = !text;
  live.textContent = text || '';
}

/** Probes a token: a list read must work; admin features show when the token list is allowed. */
async function probe(token) {
  await call('/processes?limit=1', {token});
  return isAdmin(token);
}

async function isAdmin(token) {
  try {
    await call('/tokens?limit=1', {token});
    return true;
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) return false;
    throw e;
  }
}

function showSignIn(message) {
  leaveView();
  state.admin = false;
  $('signin').hidden = false;
  $('nav').hidden = true;
  $('sign-out').hidden = true;
  liveState('');
  fill($('content'));
  $('signin-error').textContent = message || '';
  $('token-input').focus();
}

function signOut(message) {
  session.clear();
  $('token-input').value = '';
  showSignIn(message);
  announce(message ? '' : 'Signed out.');
}

async function signIn(event) {
  event.preventDefault();
  const token = $('token-input').value.trim();
  $('signin-error').textContent = '';
  $('signin-button').disabled = true;
  try {
    state.admin = await probe(token);
    session.set(token);
    $('token-input').value = '';
    enter();
    announce('Signed in.');
  } catch (e) {
    const message = e instanceof ApiError && e.status === 401
      ? `Sign-in failed: ${e.message === 'HTTP 401' ? 'Invalid token' : e.message}.`
      : `Sign-in failed: ${e.message}`;
    $('signin-error').textContent = message;
  } finally {
    $('signin-button').disabled = false;
  }
}

function enter() {
  $('signin').hidden = true;
  $('nav').hidden = false;
  $('sign-out').hidden = false;
  $('nav-tokens').hidden = !state.admin;
  if (!location.hash || location.hash === '#' || location.hash === '#/') location.hash = '#/processes';
  else route();
}

function leaveView() {
  if (state.view) state.view.abort();
  state.view = null;
}

/** '#/processes/abc?x=1' → {parts: ['processes', 'abc'], params: URLSearchParams('x=1')} */
function parseHash() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, search] = hash.split('?');
  return {parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(search || '')};
}

function route() {
  if (!session.token()) return;
  leaveView();
  liveState('');
  const {parts, params} = parseHash();
  const controller = new AbortController();
  state.view = controller;
  const root = fill($('content'));
  const ctx = {signal: controller.signal, params, admin: state.admin, announce, liveState, token: session.token()};
  const name = parts[0] || 'processes';
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.route === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  let view;
  if (name === 'processes' && parts[1]) view = () => processView.render(root, ctx, parts[1]);
  else if (name === 'processes') view = () => processes.render(root, ctx);
  else if (name === 'approvals') view = () => approvals.render(root, ctx);
  else if (name === 'analytics') view = () => analytics.render(root, ctx);
  else if (name === 'tokens' && state.admin) view = () => tokens.render(root, ctx);
  else view = () => root.append(h('h1', {}, 'Not found'), h('p', {}, h('a', {href: '#/processes'}, 'Processes')));
  Promise.resolve().then(view).catch((e) => {
    if (e.name !== 'AbortError' && !controller.signal.aborted) {
      root.append(h('div', {class: 'problem', role: 'alert'}, e.message));
    }
  });
}

function start() {
  $('signin-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', () => signOut());
  window.addEventListener('hashchange', route);
  onUnauthorized((message) => signOut(`Signed out: ${message}.`));
  const token = session.token();
  if (!token) {
    showSignIn();
    return;
  }
  // a reload keeps the session: the view starts at once, the admin check runs beside it
  state.admin = false;
  enter();
  isAdmin(token).then((admin) => {
    state.admin = admin;
    $('nav-tokens').hidden = !admin;
    if (admin && parseHash().parts[0] === 'tokens') route();
  }).catch(() => {});
}

start();
