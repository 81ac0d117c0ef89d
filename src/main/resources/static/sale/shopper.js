// Everything a signed-in shopper does: reserve, the cart, checkout, the waitlist, notifications.
import { api, newIdempotencyKey } from './api.js';
import * as auth from './auth.js';
import { renderCart } from './cart.js';
import { displayStatus } from './format.js';
import { messageFor } from './messages.js';
import { startNotifications, toast } from './notifications.js';
import { banner, cards, el, entries, refreshCard, sales } from './state.js';
import * as queue from './queue.js';
import * as waitlist from './waitlist.js';

let stopNotifications = () => {};
let notificationsLive = false;
let cartQueue = Promise.resolve();
const lastLook = new Map(); // sale id -> when its entry was last re-read without a notification

function askToSignIn() {
  banner('먼저 로그인해 주세요.');
  el('shopper-id').focus();
}

/** A 401 means the token expired or was never valid: back to signed out, and say so. */
function handle(error, show) {
  if (error.status === 401) {
    auth.signOut();
    banner('로그인이 만료되었거나 토큰이 올바르지 않아요. 다시 로그인해 주세요.');
  } else {
    show(messageFor(error, sales.get(error.saleId)));
  }
}

async function busy(button, work) {
  button.disabled = true;
  try {
    await work();
  } finally {
    button.disabled = false;
  }
}

/** Reserves one unit; with a waiting room in front of the sale, queues first (queue.js) and reserves when admitted. */
export async function reserve(saleId, button, admissionToken) {
  if (!auth.token()) return askToSignIn();
  const card = cards.get(saleId);
  card.message('');
  await busy(button, async () => {
    try {
      const headers = { 'Idempotency-Key': newIdempotencyKey() };
      if (admissionToken) headers['X-Admission-Token'] = admissionToken;
      await api(`/api/sales/${saleId}/reservations`, { method: 'POST', body: { quantity: 1 }, headers });
      queue.stop(saleId);
      toast('장바구니에 담았어요. 10분 안에 결제해 주세요.');
      if (entries.get(saleId)) entries.set(saleId, await waitlist.entry(saleId).catch(() => null));
      await loadCart();
    } catch (e) {
      e.saleId = saleId;
      if (e.slug === 'admission-required' && !admissionToken) {
        queue.enter(saleId, text => card.message(text), token => reserve(saleId, button, token));
        return;
      }
      if (e.slug === 'sold-out') sales.get(saleId).remaining = 0;
      handle(e, text => card.message(text));
    }
  });
  refreshCard(saleId);
}

async function showCart() {
  let holds = [];
  try {
    if (auth.token()) holds = await api('/api/cart');
  } catch (e) {
    handle(e, banner);
  }
  renderCart(el('cart'), holds, sales, { cancel, checkout });
  el('cart-empty').hidden = holds.length > 0;
  el('cart-count').textContent = holds.length;
  el('cart-empty').textContent = auth.token() ? '장바구니가 비어 있어요.' : '로그인하면 담은 상품이 여기에 보여요.';
}

/** Loads run one after another, so a load asked for after a reserve never shows an older cart. */
export function loadCart() {
  cartQueue = cartQueue.then(showCart).catch(() => {});
  return cartQueue;
}

async function cancel(hold, button) {
  await busy(button, async () => {
    try {
      await api(`/api/reservations/${hold.id}`, { method: 'DELETE' });
      toast('예약을 취소했어요.');
    } catch (e) {
      handle(e, banner);
    }
  });
  await loadCart();
}

async function checkout(hold, marketplace, button) {
  await busy(button, async () => {
    try {
      const { redirectUrl } = await api(`/api/reservations/${hold.id}/checkout`, { method: 'POST', body: { marketplace } });
      const target = new URL(redirectUrl, location.href);
      if (target.protocol === 'https:' || target.protocol === 'http:') location.assign(target.href);
    } catch (e) {
      handle(e, banner);
    }
  });
}

export async function joinWaitlist(saleId, button) {
  if (!auth.token()) return askToSignIn();
  const card = cards.get(saleId);
  await busy(button, async () => {
    try {
      const joined = await waitlist.join(saleId);
      entries.set(saleId, joined);
      card.message(joined === false ? '대기 신청은 아직 준비 중이에요.' : '');
    } catch (e) {
      e.saleId = saleId;
      handle(e, text => card.message(text));
    }
  });
  refreshCard(saleId);
}

export async function leaveWaitlist(saleId, button) {
  await busy(button, async () => {
    try {
      entries.set(saleId, await waitlist.leave(saleId));
    } catch (e) {
      handle(e, text => cards.get(saleId).message(text));
    }
  });
  refreshCard(saleId);
}

/** Re-reads the entry of a sale whose position or offer changed. */
export async function refreshEntry(saleId) {
  if (!auth.token() || entries.get(saleId) === false) return;
  entries.set(saleId, await waitlist.entry(saleId).catch(() => entries.get(saleId)));
  refreshCard(saleId);
}

/**
 * Stock of a sale the shopper waits for moved. With the notification stream the entry is re-read
 * when a notification says so; without it, at most every 10 s per sale, so a busy sold-out sale
 * does not turn every waiting page into a poller.
 */
export function stockMoved(saleId) {
  if (notificationsLive || !entries.get(saleId) || Date.now() - (lastLook.get(saleId) ?? 0) < 10000) return;
  lastLook.set(saleId, Date.now());
  refreshEntry(saleId);
}

function onNotification(n) {
  if (['QUEUE_POSITION', 'QUEUE_ADMITTED', 'QUEUE_SOLD_OUT'].includes(n.type)) queue.pushed(n.saleId, n.queue);
  if (n.type === 'QUEUE_SOLD_OUT' && sales.has(n.saleId)) {
    sales.get(n.saleId).remaining = 0;
    refreshCard(n.saleId);
  }
  if (['OFFER', 'OFFER_EXPIRED', 'WAITLIST_POSITION'].includes(n.type)) refreshEntry(n.saleId);
  if (['PAYMENT_CONFIRMED', 'HOLD_EXPIRING'].includes(n.type)) loadCart();
}

/** After sign-in or sign-out: the cart, the waitlist entries of sold-out sales, the notifications. */
export function sessionChanged() {
  queue.stopAll();
  stopNotifications();
  stopNotifications = () => {};
  notificationsLive = false;
  entries.clear();
  loadCart();
  if (!auth.token()) {
    el('notices-panel').hidden = true;
    sales.forEach((sale, id) => refreshCard(id));
    return;
  }
  // data-notifications on <html> says whether the stream is open (the browser test waits for it)
  stopNotifications = startNotifications(onNotification, live => {
    notificationsLive = live;
    document.documentElement.dataset.notifications = live ? 'live' : 'off';
  });
  queue.useStream(() => notificationsLive);
  for (const [id, sale] of sales) {
    if (displayStatus(sale) === 'SOLD_OUT') refreshEntry(id);
  }
}
