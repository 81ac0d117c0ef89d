// Korean display helpers: money, counts, instants, and the <input type="datetime-local"> round trip.
const number = new Intl.NumberFormat('ko-KR');
const dateTime = new Intl.DateTimeFormat('ko-KR', { dateStyle: 'short', timeStyle: 'medium' });

export const krw = amount => `${number.format(amount)}원`;
export const count = n => number.format(n);
export const when = instant => (instant ? dateTime.format(new Date(instant)) : '-');

/** "1분 05초", "42초"; '-' for null. */
export function seconds(s) {
  if (s === null || s === undefined) return '-';
  const m = Math.floor(s / 60);
  return m ? `${m}분 ${String(s % 60).padStart(2, '0')}초` : `${s}초`;
}

export function millis(ms) {
  if (ms === null || ms === undefined) return '-';
  return ms >= 1000 ? `${(ms / 1000).toLocaleString('ko-KR')}초 이하` : `${ms}ms 이하`;
}

/** An ISO instant as the local "YYYY-MM-DDTHH:mm:ss" a datetime-local input takes. */
export function toLocalInput(instant) {
  const d = new Date(instant);
  const pad = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A datetime-local value (local time) as an ISO instant. */
export const fromLocalInput = value => new Date(value).toISOString();

/** The clock decides upcoming and ended; the live panel shows sold out from stock. */
export function phase(sale, now = Date.now()) {
  if (now < Date.parse(sale.startsAt)) return ['UPCOMING', '예정'];
  if (now >= Date.parse(sale.endsAt)) return ['ENDED', '종료'];
  return ['ON_SALE', '진행 중'];
}

/** Creates an element with text content; children appended. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs).forEach(([k, v]) => (k === 'class' ? (node.className = v) : node.setAttribute(k, v)));
  children.forEach(c => node.append(c));
  return node;
}
