// Who the operator is. Any bearer JWT whose roles claim holds ADMIN will do. Two ways in:
//  1. demo: POST /dev/tokens {"userId":"ops","roles":["ADMIN"]} (standalone mode only; 404 elsewhere),
//  2. paste: a token from your identity provider into the form (the seam for production).
// The token lives in sessionStorage (this tab only) and is sent only in the Authorization header.
const KEY = 'flashsale.admin.token';

export const token = () => sessionStorage.getItem(KEY);

/** The `sub` claim of the current token, or '?' when it cannot be read. */
export function operator() {
  try {
    const payload = token().split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(payload)))).sub ?? '?';
  } catch {
    return '?';
  }
}

export const signIn = jwt => sessionStorage.setItem(KEY, jwt.trim());
export const signOut = () => sessionStorage.removeItem(KEY);

/** Resolves false when the service mints no tokens (any mode but standalone). */
export async function demoSignIn() {
  const res = await fetch('/dev/tokens', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId: 'ops', roles: ['ADMIN'] }),
  });
  if (res.status === 404) return false;
  if (!res.ok) throw new Error(`데모 토큰 발급 실패 (${res.status})`);
  signIn((await res.json()).token);
  return true;
}
