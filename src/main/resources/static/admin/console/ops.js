// Job status (refreshed every 5 s while signed in), late payments to refund, and the audit log.
import { api, describe } from './api.js';
import { count, el, krw, when } from './format.js';
import { notice } from './notice.js';

const STATE = { OK: '정상', FAILING: '실패 중', STALE: '멈춤', DISABLED: '꺼짐' };
const dur = ms => (ms == null ? '-' : ms >= 1000 ? `${(ms / 1000).toFixed(1)}초` : `${ms}ms`);
let timer = null;

export async function refreshJobs() {
  const instances = await api('/jobs');
  document.querySelector('#jobs-table tbody').replaceChildren(...instances.flatMap(i => i.jobs.map(job =>
    el('tr', { class: job.state.toLowerCase(), 'data-job': job.job },
      el('td', {}, i.instance), el('th', { scope: 'row' }, job.name),
      el('td', {}, el('span', { class: `badge ${job.state}` }, `${STATE[job.state] ?? job.state} (${job.state})`)),
      el('td', {}, when(job.lastFinishedAt)), el('td', { class: 'num' }, dur(job.lastDurationMillis)),
      el('td', { class: 'num' }, job.lastItems == null ? '-' : count(job.lastItems)),
      el('td', { class: 'num' }, `${count(job.failures)} / ${count(job.passes)}`),
      el('td', { class: 'num' }, dur(job.lagMillis)), el('td', { class: 'error' }, job.lastError ?? '')))));
}

export function startJobs() {
  stopJobs();
  const tick = () => refreshJobs().catch(e => notice(`작업 상태 조회 실패: ${describe(e)}`, 'error'));
  tick();
  timer = setInterval(tick, 5000);
}

export function stopJobs() {
  clearInterval(timer);
}

export async function refreshLatePayments() {
  const rows = await api('/late-payments');
  const body = document.querySelector('#late-table tbody');
  body.replaceChildren(...rows.map(p => el('tr', {}, el('td', {}, when(p.receivedAt)), el('td', {}, p.marketplace),
    el('td', {}, `#${p.saleId}`), el('td', {}, p.reservationId), el('td', {}, p.holdStatus), el('td', {}, p.orderId ?? '-'),
    el('td', { class: 'num' }, p.amount == null ? '-' : krw(p.amount)), el('td', {}, p.refundState))));
  if (!rows.length) body.append(el('tr', {}, el('td', { colspan: 8, class: 'muted' }, '환불할 늦은 결제가 없습니다.')));
}

export async function refreshAudit(target = '') {
  const query = target ? `?target=${encodeURIComponent(target)}&limit=100` : '?limit=100';
  const rows = await api(`/audit${query}`);
  document.querySelector('#audit-table tbody').replaceChildren(...rows.map(a => el('tr', {},
    el('td', {}, when(a.at)), el('td', {}, a.actor), el('td', {}, a.action), el('td', {}, a.target),
    el('td', {}, el('details', {}, el('summary', {}, '보기'),
      el('pre', {}, `전: ${JSON.stringify(a.before)}\n후: ${JSON.stringify(a.after)}`))))));
}
