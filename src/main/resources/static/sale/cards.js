// One sale card: built once, then updated in place (live stock, clock, waitlist) so focus stays put.
import { BADGES, countdown, count, displayStatus, krw } from './format.js';
import { messageFor } from './messages.js';

const TEMPLATE = document.createElement('template');
TEMPLATE.innerHTML = `
<article class="card">
  <div class="media"><img alt="" width="640" height="480"><span class="badge"></span></div>
  <div class="body">
    <h3 class="name"></h3>
    <p class="list-price"><span class="label">정가</span> <del class="original"></del></p>
    <p class="prices"><span class="rate"></span> <span class="label">할인가</span> <strong class="price"></strong></p>
    <p class="stock" aria-live="polite" aria-atomic="true">남은 수량 <b class="remaining"></b>개 <span class="total muted"></span></p>
    <div class="bar" aria-hidden="true"><span></span></div>
    <p class="timer" role="timer"></p>
    <button type="button" class="reserve primary">장바구니 담기</button>
    <p class="msg" role="status" aria-live="polite"></p>
    <div class="waitlist" hidden>
      <p class="wl-status" aria-live="polite"></p>
      <div class="wl-actions">
        <button type="button" class="wl-join primary">대기 신청</button>
        <button type="button" class="wl-claim primary">지금 담기</button>
        <button type="button" class="wl-leave">대기 취소</button>
      </div>
    </div>
    <div class="similar" hidden><h4>비슷한 상품</h4><ul></ul></div>
  </div>
</article>`;

/** A placeholder drawn from the product's first letter when the image cannot be loaded. */
function placeholder(img, name) {
  img.replaceWith(Object.assign(document.createElement('div'), {
    className: 'placeholder', textContent: name.trim().charAt(0), ariaHidden: 'true',
  }));
}

export function saleCard(sale, actions) {
  const li = document.createElement('li');
  li.id = `sale-${sale.id}`;
  li.dataset.saleId = sale.id;
  li.append(TEMPLATE.content.cloneNode(true));
  const $ = selector => li.querySelector(selector);
  const name = $('.name');
  name.id = `sale-${sale.id}-name`;
  name.textContent = sale.name;
  $('article').setAttribute('aria-labelledby', name.id);
  const img = $('img');
  img.alt = sale.name;
  img.addEventListener('error', () => placeholder(img, sale.name), { once: true });
  if (sale.imageUrl) img.src = sale.imageUrl; else placeholder(img, sale.name);
  $('.original').textContent = krw(sale.originalPrice);
  $('.price').textContent = krw(sale.salePrice);
  $('.rate').textContent = `${sale.discountRate}%`;
  $('.rate').setAttribute('aria-label', `${sale.discountRate}% 할인`);
  for (const [cls, label] of [['.reserve', '장바구니 담기'], ['.wl-join', '대기 신청'], ['.wl-claim', '지금 담기'], ['.wl-leave', '대기 취소']]) {
    $(cls).setAttribute('aria-label', `${sale.name} ${label}`);
  }
  $('.reserve').addEventListener('click', e => actions.reserve(sale.id, e.currentTarget));
  $('.wl-claim').addEventListener('click', e => actions.reserve(sale.id, e.currentTarget));
  $('.wl-join').addEventListener('click', e => actions.joinWaitlist(sale.id, e.currentTarget));
  $('.wl-leave').addEventListener('click', e => actions.leaveWaitlist(sale.id, e.currentTarget));

  let similarAsked = false;
  return {
    el: li,
    message(text) {
      $('.msg').textContent = text;
    },
    similar(items) {
      const list = $('.similar ul');
      list.replaceChildren(...items.map(r => {
        const a = Object.assign(document.createElement('a'), { href: `#sale-${r.sale.id}` });
        a.textContent = `${r.sale.name} · ${krw(r.sale.salePrice)} (${r.sale.discountRate}%)`;
        const item = document.createElement('li');
        item.append(a);
        return item;
      }));
      $('.similar').hidden = items.length === 0;
    },
    /** sale: the latest view; entry: the shopper's waitlist entry (null: not on it, undefined: unknown). */
    update(current, entry, now = Date.now()) {
      const status = displayStatus(current, now);
      li.dataset.status = status;
      $('.badge').textContent = BADGES[status];
      $('.badge').className = `badge ${status.toLowerCase()}`;
      $('.remaining').textContent = count(Math.max(0, current.remaining));
      $('.total').textContent = `/ ${count(current.totalQuantity)}`;
      const left = current.totalQuantity ? Math.max(0, current.remaining) / current.totalQuantity : 0;
      $('.bar span').style.width = `${Math.round(left * 100)}%`;
      $('.timer').textContent = status === 'UPCOMING' ? `시작까지 ${countdown(current.startsAt, now)}`
        : status === 'ENDED' ? '판매가 끝났어요' : `종료까지 ${countdown(current.endsAt, now)}`;
      $('.reserve').hidden = status === 'SOLD_OUT' || status === 'ENDED';
      $('.reserve').disabled = status !== 'ON_SALE';
      const offered = entry?.status === 'OFFERED';
      const waiting = status === 'SOLD_OUT' || entry;
      $('.waitlist').hidden = !waiting || entry === false || status === 'ENDED';
      $('.waitlist').classList.toggle('offered', offered);
      $('.wl-join').hidden = Boolean(entry);
      $('.wl-claim').hidden = !offered;
      $('.wl-leave').hidden = !entry;
      $('.wl-leave').textContent = offered ? '양보하기' : '대기 취소';
      $('.wl-status').textContent = !entry
        ? `${messageFor({ slug: 'sold-out' })} 대기 신청을 하면 취소되거나 만료된 수량이 생길 때 순서대로 구매 기회를 드려요.`
        : offered ? `구매 기회가 왔어요! ${countdown(entry.offer?.expiresAt, now)} 안에 담아 주세요.`
          : `대기 ${count(entry.position)}번째예요.`;
      if (status === 'SOLD_OUT' && !similarAsked) {
        similarAsked = true;
        actions.loadSimilar(current.id);
      }
    },
  };
}
