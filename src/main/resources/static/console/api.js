// The API client: every call carries the session's token in the Authorization header (never a URL or a cookie)
// and an error becomes an ApiError holding the problem body.

const KEY = 'process-ledger.token';

export const session = {
  token: () => sessionStorage.getItem(KEY),
  set: (token) => sessionStorage.setItem(KEY, token),
  clear: () => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.error || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem && problem.status ? problem : null;
  }
}

let unauthorized = () => {};

/** Called with the message when a signed-in request is refused with 401 (token revoked or expired meanwhile). */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

export function headers(token, extra = {}) {
  return {Authorization: `Bearer ${token}`, ...extra};
}

/** A fetch of /api/v1 + path that answers the parsed JSON (or null for 204), or throws an ApiError. */
export async function call(path, {method = 'GET', body, signal, token = session.token(), raw = false, accept} = {}) {
  const extra = {Accept: accept || 'application/json, application/problem+json'};
  if (body !== undefined) extra['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method, signal, cache: 'no-store', credentials: 'omit', headers: headers(token, extra),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    // a token with characters a header cannot carry never reaches the server
    if (e instanceof TypeError && /header/i.test(e.message)) throw new ApiError(401, null);
    throw new ApiError(0, {status: 0, title: 'Network error', detail: 'The server could not be reached.'});
  }
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch (e) {
      problem = null;
    }
    const error = new ApiError(response.status, problem);
    if (response.status === 401 && token === session.token() && session.token()) unauthorized(error.message);
    throw error;
  }
  if (raw) return response;
  return response.status === 204 ? null : response.json();
}

/** A query string from an object, leaving out empty members. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** Downloads an authorized GET as a file: a link cannot carry the Authorization header, so fetch, Blob, object URL. */
export async function download(path, filename, accept) {
  const response = await call(path, {raw: true, accept});
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return blob.size;
}
