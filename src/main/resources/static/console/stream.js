// The live stream read with fetch(): EventSource cannot send an Authorization header, and a token must never go in
// a URL. The SSE format is parsed here; after a drop the reader reconnects with Last-Event-ID so nothing is missed.

import {headers} from './api.js';

/**
 * Opens /api/v1/stream (path may add ?process_id=). onMessage({event, data, id}) gets every dispatched event;
 * onState('open'|'reconnecting'|'closed', detail) reports the connection. Stops when signal aborts.
 */
export function openStream({path = '/api/v1/stream', token, signal, onMessage, onState = () => {}}) {
  let lastId = null;
  const run = async () => {
    let delay = 500;
    while (!signal.aborted) {
      try {
        const extra = {Accept: 'text/event-stream'};
        if (lastId !== null) extra['Last-Event-ID'] = lastId;
        const response = await fetch(path, {headers: headers(token, extra), signal, cache: 'no-store',
          credentials: 'omit'});
        if (response.status === 401 || response.status === 403) {
          onState('closed', 'not allowed');
          return;
        }
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        onState('open');
        delay = 500;
        const closed = await readEvents(response.body, (message) => {
          if (message.id !== null) lastId = message.id;
          onMessage(message);
        });
        if (closed) {
          onState('closed', closed);
          return;
        }
      } catch (e) {
        if (signal.aborted) return;
      }
      onState('reconnecting');
      await sleep(delay, signal);
      delay = Math.min(delay * 2, 10000);
    }
  };
  run();
}

/** Reads one response body as SSE until it ends; answers the reason of an `event: closed`, if one came. */
async function readEvents(body, dispatch) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = {event: 'message', data: [], id: null};
  for (;;) {
    const {value, done} = await reader.read();
    if (done) return null;
    buffer += value;
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (event.data.length) {
          const message = {event: event.event, data: event.data.join('\n'), id: event.id};
          if (message.event === 'closed') {
            reader.cancel();
            return message.data || 'closed';
          }
          dispatch(message);
        }
        event = {event: 'message', data: [], id: null};
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const name = colon < 0 ? line : line.slice(0, colon);
      const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (name === 'data') event.data.push(val);
      else if (name === 'event') event.event = val;
      else if (name === 'id') event.id = val;
    }
  }
}

function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, {once: true});
  });
}
