// The page's only door to the service: fetch with the shopper's bearer token, problems as ApiError.
import { token } from './auth.js';

export class ApiError extends Error {
  constructor(status, slug, detail, retryAfter) {
    super(detail || slug);
    this.status = status;
    this.slug = slug;
    this.retryAfter = retryAfter;
  }
}

const slugOf = type => (type ? String(type).split('/').filter(Boolean).pop() : undefined);

export async function api(path, { method = 'GET', body, headers = {}, auth = true } = {}) {
  const h = { Accept: 'application/json', ...headers };
  if (auth && token()) h.Authorization = `Bearer ${token()}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network');
  }
  if (res.ok) return res.status === 204 ? null : res.json().catch(() => null);
  const problem = await res.json().catch(() => ({}));
  const retry = Number.parseInt(res.headers.get('Retry-After') ?? '', 10);
  throw new ApiError(res.status, slugOf(problem.type) ?? (res.status === 401 ? 'unauthorized' : `http-${res.status}`),
    problem.detail, Number.isFinite(retry) ? retry : undefined);
}

/** An Idempotency-Key per click (A-Z a-z 0-9 only); getRandomValues also works on plain http. */
export function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}
