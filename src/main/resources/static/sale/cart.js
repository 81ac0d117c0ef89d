// The cart: each hold with a live countdown to its expiry, 취소, and the marketplaces the sale is sold on.
import { countdown, krw } from './format.js';

const MARKETS = [['coupang', 'COUPANG', '쿠팡에서 구매'], ['kurly', 'KURLY', '컬리에서 구매']];

function button(text, label, onClick, className = '') {
  const b = Object.assign(document.createElement('button'), { type: 'button', textContent: text, className });
  b.setAttribute('aria-label', label);
  b.addEventListener('click', e => onClick(e.currentTarget));
  return b;
}

/** holds: the cart (reservation views); sales: id -> sale view; actions: cancel(hold, button), checkout(hold, market, button). */
export function renderCart(list, holds, sales, actions) {
  list.replaceChildren(...holds.map(hold => {
    const sale = sales.get(hold.saleId);
    const name = sale?.name ?? `세일 ${hold.saleId}`;
    const li = document.createElement('li');
    li.className = 'hold';
    li.dataset.holdId = hold.id;
    li.dataset.expiresAt = hold.expiresAt;
    const title = Object.assign(document.createElement('p'), { className: 'hold-name', textContent: `${name} × ${hold.quantity}` });
    const price = Object.assign(document.createElement('p'), {
      className: 'hold-price', textContent: sale ? krw(sale.salePrice * hold.quantity) : '',
    });
    const timer = Object.assign(document.createElement('p'), { className: 'hold-timer' });
    timer.setAttribute('role', 'timer');
    const buttons = document.createElement('div');
    buttons.className = 'hold-actions';
    for (const [link, market, text] of MARKETS) {
      if (sale?.links?.[link]) {
        buttons.append(button(text, `${name} ${text}`, b => actions.checkout(hold, market, b), `market ${link}`));
      }
    }
    buttons.append(button('취소', `${name} 예약 취소`, b => actions.cancel(hold, b), 'cancel'));
    li.append(title, price, timer, buttons);
    return li;
  }));
  tickCart(list);
}

/** Refreshes every countdown; returns true when a hold has just run out (the caller reloads the cart). */
export function tickCart(list, now = Date.now()) {
  let expired = false;
  for (const li of list.querySelectorAll('.hold')) {
    const left = Date.parse(li.dataset.expiresAt) - now;
    li.querySelector('.hold-timer').textContent = left > 0
      ? `${countdown(li.dataset.expiresAt, now)} 동안 보관돼요` : '보관 시간이 끝났어요';
    if (left <= 0 && !li.classList.contains('expired')) {
      li.classList.add('expired');
      expired = true;
    }
  }
  return expired;
}
