// The live panel of one sale over GET /admin/api/sales/{id}/live, plus the operator's levers on it:
// stock adjustment, reconciliation with the ledger, and the repair (dry run first, then apply).
import { api, describe } from './api.js';
import { stockChart } from './chart.js';
import { count, el, millis, seconds, when } from './format.js';
import { notice } from './notice.js';
import { openStream } from './sse.js';

const OUTCOMES = { held: '보류 성공', replayed: '재요청(멱등)', sold_out: '품절 응답', limit_exceeded: '1인 한도 초과',
  sale_not_active: '판매 시간 아님' };
const STATUS = { UPCOMING: '예정', ON_SALE: '판매 중', SOLD_OUT: '매진', ENDED: '종료' };
const $ = id => document.getElementById(id);
const chart = stockChart($('live-chart'));
let saleId = null;
let close = () => {};

export function watch(sale, productName) {
  close();
  saleId = sale.id;
  chart.reset();
  $('live-sale-name').textContent = `· 판매 #${sale.id} ${productName ?? ''}`;
  $('live-empty').hidden = true;
  $('live-body').hidden = false;
  $('reconciliation').replaceChildren();
  $('repair-apply').hidden = true;
  $('live-state').textContent = '연결 중…';
  close = openStream(`/admin/api/sales/${sale.id}/live`, (type, data) => type === 'live' && show(JSON.parse(data)),
    (state, status) => {
      if (state === 'retrying') $('live-state').textContent = '연결이 끊겼습니다. 다시 연결하는 중…';
      if (state === 'closed') $('live-state').textContent = `실시간 연결 불가 (${status})`;
    });
  location.hash = '#live';
}

export const stopWatching = () => close();

function show(view) {
  $('live-state').textContent = `${STATUS[view.status] ?? view.status} · ${when(view.at)} 기준`;
  ['available', 'held', 'sold', 'total', 'offered', 'waiting', 'queued'].forEach(k => { $(`live-${k}`).textContent = count(view[k]); });
  $('chart-span').textContent = chart.add(view);
  $('live-rates').tBodies[0].replaceChildren(...Object.entries(OUTCOMES).map(([key, label]) =>
    el('tr', { 'data-outcome': key }, el('th', { scope: 'row' }, label),
      el('td', { class: 'num' }, (view.reservesPerSecond[key] ?? 0).toLocaleString('ko-KR', { maximumFractionDigits: 1 })))));
  $('live-sellout-in').textContent = view.sellOutInSeconds == null ? '-' : `약 ${seconds(view.sellOutInSeconds)} 후`;
  $('live-sold-out-at').textContent = when(view.soldOutAt);
  $('live-time-to-sell-out').textContent = seconds(view.timeToSellOutSeconds);
  $('live-restore-p99').textContent = millis(view.restoreDelayP99Millis);
  $('live-queue-admitted').textContent = count(view.queueAdmittedPerSecond ?? 0);
  $('live-queue-abandoned').textContent = count(view.queueAbandoned ?? 0);
  $('live-wait-estimates').textContent = view.waitEstimatesWithin == null ? '-'
    : `${Math.round(view.waitEstimatesWithin * 100)}%`;
}

$('stock-form').addEventListener('submit', async event => {
  event.preventDefault();
  const delta = Number(event.target.elements.delta.value);
  try {
    const stock = await api(`/sales/${saleId}/stock`, { method: 'POST', body: { delta } });
    notice(`재고 ${delta > 0 ? '추가' : '차감'} 완료: 판매 가능 ${count(stock.available)} / 총 ${count(stock.total)}`);
    event.target.reset();
  } catch (e) {
    notice(`재고 조정 실패: ${describe(e)}`, 'error');
  }
});

$('reconcile').addEventListener('click', async () => {
  try {
    const r = await api(`/sales/${saleId}/reconciliation`);
    const row = (label, c) => el('tr', {}, el('th', { scope: 'row' }, label),
      ...['available', 'held', 'sold', 'total'].map(k => el('td', { class: 'num' }, count(c[k]))));
    $('reconciliation').replaceChildren(
      el('p', { class: r.inSync ? 'ok' : 'bad' }, r.inSync ? 'Redis와 원장이 일치합니다.'
        : `불일치: ${r.streamDrained ? '' : `원장 반영 대기 ${count(r.pendingEvents)}건 · `}Redis에만 ${r.holdsOnlyInRedis.length}건, 원장에만 ${r.holdsOnlyInLedger.length}건`),
      el('table', { id: 'reconciliation-table' }, el('caption', {}, '원장 대조'),
        el('thead', {}, el('tr', {}, ...['', '판매 가능', '보류', '판매 완료', '총'].map(h => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, row('Redis', r.redis), row('원장', r.ledger), row('차이', r.drift))));
  } catch (e) {
    notice(`원장 대조 실패: ${describe(e)}`, 'error');
  }
});

async function repair(apply) {
  try {
    const report = await api(`/sales/${saleId}/repair${apply ? '?apply=true' : ''}`, { method: 'POST' });
    const items = report.holds.map(h => el('li', {}, `${h.holdId} (${h.shopper}) Redis ${h.redisState} → ${h.outcome}`));
    $('reconciliation').replaceChildren(el('div', { id: 'repair-report' },
      el('p', {}, apply ? `복구 적용: ${report.holds.length}건` : `복구 미리보기 (변경 없음): 복구할 결제 완료 보류 ${report.holds.length}건`),
      items.length ? el('ul', {}, ...items) : el('p', { class: 'ok' }, 'Redis가 잃어버린 결제 완료 보류가 없습니다.')));
    $('repair-apply').hidden = apply || !report.holds.length;
  } catch (e) {
    notice(`복구 실패: ${describe(e)}`, 'error');
  }
}

$('repair-dry-run').addEventListener('click', () => repair(false));
$('repair-apply').addEventListener('click', () => repair(true));
