// Korean display helpers: money, counts and countdowns.
const won = new Intl.NumberFormat('ko-KR');

export const krw = amount => `${won.format(amount)}원`;
export const count = n => won.format(n);

const pad = n => String(n).padStart(2, '0');

/** "1일 02:03:04", "02:03:04" or "09:59" until the instant; "00:00" once it has passed. */
export function countdown(until, now = Date.now()) {
  let s = Math.max(0, Math.floor((Date.parse(until) - now) / 1000)) || 0;
  const days = Math.floor(s / 86400); s %= 86400;
  const h = Math.floor(s / 3600); s %= 3600;
  const clock = `${h || days ? pad(h) + ':' : ''}${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
  return days ? `${days}일 ${clock}` : clock;
}

export const isPast = (instant, now = Date.now()) => Date.parse(instant) <= now;

/** The badge a sale shows now: the clock decides start and end, live stock decides sold out. */
export function displayStatus(sale, now = Date.now()) {
  if (now < Date.parse(sale.startsAt)) return 'UPCOMING';
  if (now >= Date.parse(sale.endsAt)) return 'ENDED';
  return sale.remaining > 0 ? 'ON_SALE' : 'SOLD_OUT';
}

export const BADGES = { UPCOMING: '곧 시작', ON_SALE: '판매 중', SOLD_OUT: '품절', ENDED: '종료' };
