// The sale page: sale cards kept live by the stock stream, the account box, recommendations, one clock.
import { api } from './api.js';
import * as auth from './auth.js';
import { saleCard } from './cards.js';
import { tickCart } from './cart.js';
import { krw } from './format.js';
import { reasonText } from './messages.js';
import { banner, cards, el, refreshCard, sales } from './state.js';
import * as shopper from './shopper.js';

const actions = {
  reserve: shopper.reserve,
  joinWaitlist: shopper.joinWaitlist,
  leaveWaitlist: shopper.leaveWaitlist,
  loadSimilar: saleId => api(`/api/sales/${saleId}/similar?limit=3`, { auth: false })
    .then(items => cards.get(saleId)?.similar(items ?? []), () => {}),
};

async function loadSales() {
  const list = await api('/api/sales', { auth: false });
  for (const sale of list) {
    sales.set(sale.id, { ...sales.get(sale.id), ...sale });
    if (!cards.has(sale.id)) cards.set(sale.id, saleCard(sale, actions));
  }
  el('sales').replaceChildren(...list.map(sale => cards.get(sale.id).el));
  el('sales-empty').hidden = list.length > 0;
  list.forEach(sale => refreshCard(sale.id));
}

let reloading = null;
function reloadSalesSoon() {
  reloading ??= setTimeout(() => loadSales().catch(() => {}).finally(() => { reloading = null; }), 1000);
}

/** Public stock changes over EventSource (no token needed); reopened if the server refused it (503). */
function openStockStream() {
  const source = new EventSource('/api/sales/stream');
  source.addEventListener('stock', event => {
    const stock = JSON.parse(event.data);
    const sale = sales.get(stock.saleId);
    if (!sale) return reloadSalesSoon();
    Object.assign(sale, { remaining: stock.available, totalQuantity: stock.total });
    refreshCard(stock.saleId);
    shopper.stockMoved(stock.saleId);
  });
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) setTimeout(openStockStream, 10000);
  });
}

async function loadRecommendations() {
  let recs = [];
  try {
    recs = await api('/api/recommendations?limit=8');
  } catch { /* the strip is optional */ }
  el('recs').replaceChildren(...recs.map(({ sale, reason }) => {
    const a = Object.assign(document.createElement('a'), { href: `#sale-${sale.id}`, className: 'rec' });
    const name = Object.assign(document.createElement('span'), { className: 'rec-name', textContent: sale.name });
    const price = Object.assign(document.createElement('span'), {
      className: 'rec-price', textContent: `${krw(sale.salePrice)} · ${sale.discountRate}%`,
    });
    a.append(name, price, Object.assign(document.createElement('span'), { className: 'rec-reason muted', textContent: reasonText(reason) }));
    const li = document.createElement('li');
    li.append(a);
    return li;
  }));
  el('recs-panel').hidden = recs.length === 0;
}

function renderAccount() {
  const signedIn = Boolean(auth.token());
  el('login-form').hidden = signedIn;
  el('token-login').hidden = signedIn;
  el('signed-in').hidden = !signedIn;
  el('who').textContent = signedIn ? `${auth.shopperId()} 님` : '';
}

function wireAccount() {
  el('login-form').addEventListener('submit', async event => {
    event.preventDefault();
    banner('');
    try {
      if (!(await auth.demoSignIn(el('shopper-id').value.trim()))) {
        banner('이 서버에서는 데모 로그인을 쓸 수 없어요. 쇼핑몰에서 받은 토큰으로 로그인해 주세요.');
        el('token-login').open = true;
        el('token-input').focus();
      }
    } catch {
      banner('로그인하지 못했어요. 잠시 후 다시 시도해 주세요.');
    }
  });
  el('token-form').addEventListener('submit', event => {
    event.preventDefault();
    banner('');
    auth.signIn(el('token-input').value);
    el('token-input').value = '';
  });
  el('logout').addEventListener('click', () => auth.signOut());
  auth.onChange(() => {
    renderAccount();
    shopper.sessionChanged();
    loadRecommendations();
  });
}

/** One clock for every countdown: cards flip 곧 시작 -> 판매 중 -> 종료 on time, cart holds run out. */
function tick() {
  const now = Date.now();
  sales.forEach((sale, id) => refreshCard(id, now));
  if (tickCart(el('cart'), now)) setTimeout(shopper.loadCart, 1500);
}

auth.takeTokenFromFragment();
wireAccount();
renderAccount();
loadSales()
  .catch(() => banner('세일 정보를 불러오지 못했어요. 새로고침해 주세요.'))
  .finally(() => {
    openStockStream();
    shopper.sessionChanged();
    loadRecommendations();
    setInterval(tick, 1000);
    document.documentElement.dataset.ready = 'true';
  });
