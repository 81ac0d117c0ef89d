// Every call the console makes goes to /admin/api with the bearer token. Failures become ApiError
// carrying the problem's slug (the last path segment of its `type`), so callers switch on slugs.
import { token } from './auth.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.slug = (problem.type || '').split('/').pop();
    this.errors = problem.errors || [];
  }
}

const listeners = new Set();
/** Called with the ApiError of every 401/403, so the page can ask for another token. */
export const onAuthFailure = listener => listeners.add(listener);

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token()}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`/admin/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.ok) return res.status === 204 ? null : res.json();
  let problem = {};
  try {
    problem = await res.json();
  } catch {
    // not a problem document (a proxy's error page): status alone
  }
  const error = new ApiError(res.status, problem);
  if (res.status === 401 || res.status === 403) listeners.forEach(l => l(error));
  throw error;
}

/** "field: message" lines of a 400, or the detail. */
export const describe = error => error.errors?.length
  ? error.errors.map(e => `${e.field}: ${e.message}`).join(', ')
  : error.message;
