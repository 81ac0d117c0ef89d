// The shopper's notifications: missed ones from GET /api/me/notifications, new ones from the SSE
// stream (read with fetch, since it needs the bearer token), shown as toasts and in a list.
// Delivery is at-least-once, so ids already shown are skipped. Without the endpoints (404) the
// panel stays hidden and the page works as before.
import { api } from './api.js';
import { openAuthorizedStream } from './sse.js';

const time = new Intl.DateTimeFormat('ko-KR', { hour: '2-digit', minute: '2-digit' });
const toasts = () => document.getElementById('toasts');

export function toast(text, kind = 'info') {
  const t = Object.assign(document.createElement('div'), { className: `toast ${kind}`, textContent: text });
  toasts().append(t);
  setTimeout(() => t.remove(), 6000);
}

function item(n) {
  const li = document.createElement('li');
  li.className = `notice ${String(n.type ?? '').toLowerCase()}`;
  const title = Object.assign(document.createElement('strong'), { textContent: n.title ?? '' });
  const when = Object.assign(document.createElement('time'), {
    dateTime: n.createdAt ?? '', textContent: n.createdAt ? time.format(new Date(n.createdAt)) : '',
  });
  li.append(title, ' ', when, Object.assign(document.createElement('p'), { textContent: n.message ?? '' }));
  return li;
}

/**
 * Starts listening for the signed-in shopper; onNotification(n) lets the page react, live(boolean)
 * says whether the stream is there. Returns stop().
 */
export function startNotifications(onNotification, live) {
  const panel = document.getElementById('notices-panel');
  const list = document.getElementById('notices');
  const seen = new Set();
  list.replaceChildren();
  const show = (n, live) => {
    // a place on a waitlist or in a waiting room moved: the card shows it; no toast or list item per move
    if (n?.type === 'WAITLIST_POSITION' || n?.type === 'QUEUE_POSITION') {
      if (live) onNotification(n);
      return;
    }
    if (n?.id != null && seen.has(n.id)) return;
    seen.add(n?.id);
    panel.hidden = false;
    list.prepend(item(n));
    if (live) {
      toast(n.title ? `${n.title} — ${n.message ?? ''}` : n.message ?? '', 'notice');
      onNotification(n);
    }
  };
  api('/api/me/notifications')
    .then(missed => (Array.isArray(missed) ? missed : missed?.items ?? [])
      .sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt))).forEach(n => show(n, false)))
    .catch(() => {});
  return openAuthorizedStream('/api/me/notifications/stream', (type, data) => {
    if (type !== 'notification') return;
    try {
      show(JSON.parse(data), true);
    } catch { /* a malformed event is skipped, the stream goes on */ }
  }, live);
}
