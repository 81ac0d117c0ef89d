// Who the shopper is. Any bearer JWT the service accepts will do; three ways to get one:
//  1. demo: POST /dev/tokens {userId} (standalone mode only; 404 elsewhere),
//  2. hand-off: a shop's own login redirects to /#token=<JWT> and the page keeps it,
//  3. paste: the "토큰으로 로그인" form.
// The token lives in sessionStorage, so each browser tab can be a different shopper.
const KEY = 'flashsale.token';
const listeners = new Set();

export const token = () => sessionStorage.getItem(KEY);

/** The `sub` claim (shopper id) of the current token, or null. */
export function shopperId() {
  const t = token();
  if (!t) return null;
  try {
    const payload = t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(payload)))).sub ?? '?';
  } catch {
    return '?';
  }
}

export function onChange(listener) {
  listeners.add(listener);
}

export function signIn(jwt) {
  sessionStorage.setItem(KEY, jwt.trim());
  listeners.forEach(l => l(true));
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  listeners.forEach(l => l(false));
}

/** Demo sign-in. Resolves false when the service mints no tokens (any mode but standalone). */
export async function demoSignIn(userId) {
  const res = await fetch('/dev/tokens', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userId }),
  });
  if (res.status === 404) return false;
  if (!res.ok) throw new Error(`dev token: ${res.status}`);
  signIn((await res.json()).token);
  return true;
}

/** Takes a token handed over in the address fragment (#token=...) and removes it from the address bar. */
export function takeTokenFromFragment() {
  const found = new URLSearchParams(location.hash.slice(1)).get('token');
  if (found) {
    history.replaceState(null, '', location.pathname + location.search);
    sessionStorage.setItem(KEY, found.trim());
  }
}
