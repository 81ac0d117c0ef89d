// The waiting room in front of a sale: when a reserve answers admission-required, the shopper joins the
// queue and reserves with the admission token once admitted. While the notification stream is open the
// server pushes the ticket (QUEUE_POSITION, QUEUE_ADMITTED, QUEUE_SOLD_OUT) and the open stream is the
// room's heartbeat, so the ticket is read only every 15 s as a safety net; without the stream it is read
// every 2 s (the heartbeat then: a shopper who stops asking leaves the queue after the room's leave-after).
// This poll is the waiting room's contract, not a stock poll: stock stays on the SSE feed.
import { api } from './api.js';
import { messageFor } from './messages.js';

const EVERY_MS = 2000;
const STREAMING_EVERY_MS = 15000;
const following = new Map(); // sale id -> timer of the next ticket read
const waiting = new Map();   // sale id -> {show, onAdmitted} while the shopper is in its queue
let streamOpen = () => false;

/** isOpen() tells whether the notification stream is open (pushes arrive, and it keeps the place). */
export function useStream(isOpen) {
  streamOpen = isOpen;
}

/** A ticket pushed over the notification stream, for a sale whose queue the page follows. */
export function pushed(saleId, ticket) {
  const w = waiting.get(saleId);
  if (w && ticket) follow(saleId, ticket, w.show, w.onAdmitted);
}

// No estimate: the place is beyond the units left (counting shoppers admitted who have not bought yet).
const waitText = s => (s == null ? ' · 남은 수량보다 뒤예요. 앞선 분이 사지 않으면 입장해요.'
  : s < 60 ? ` · 약 ${Math.ceil(s)}초` : ` · 약 ${Math.ceil(s / 60)}분`);

/**
 * Joins (or rejoins) the sale's queue; show(text) puts a line on the card, onAdmitted(token) reserves.
 * A join the service sheds (503/429 with Retry-After: nothing joined) is sent again after that wait.
 */
export async function enter(saleId, show, onAdmitted) {
  stop(saleId);
  waiting.set(saleId, { show, onAdmitted });
  try {
    follow(saleId, await api(`/api/sales/${saleId}/queue`, { method: 'POST' }), show, onAdmitted);
  } catch (e) {
    show(messageFor(e));
    if (e.retryAfter && (e.status === 503 || e.status === 429) && waiting.has(saleId)) {
      following.set(saleId, setTimeout(() => enter(saleId, show, onAdmitted), e.retryAfter * 1000));
    }
  }
}

function follow(saleId, ticket, show, onAdmitted) {
  if (!waiting.has(saleId)) return; // admitted (or left) already: a late poll or push changes nothing
  clearTimeout(following.get(saleId));
  switch (ticket.status) {
    case 'ADMITTED':
      stop(saleId);
      show('입장했어요. 장바구니에 담고 있어요…');
      onAdmitted(ticket.admissionToken);
      return;
    case 'WAITING':
      show(`대기열 ${ticket.position}번째 · 앞에 ${ticket.aheadOfYou}명${waitText(ticket.estimatedWaitSeconds)}`);
      break;
    case 'PRE_QUEUE':
      show('대기열에 들어왔어요. 판매가 시작되면 순서를 공개 추첨해요.');
      break;
    case 'SOLD_OUT':
      show(`품절되었어요 (대기열 ${ticket.position}번째). 취소된 수량이 생기면 순서대로 입장해요. 대기 신청도 할 수 있어요.`);
      break;
    case 'USED':
      stop(saleId);
      show('이미 입장해서 담았어요.');
      return;
    case 'EXPIRED':
      stop(saleId);
      show('입장 시간이 지났어요. 다시 담기를 누르면 대기열에 다시 들어가요.');
      return;
    default:
      stop(saleId);
      show('대기열에서 나왔어요. 다시 담기를 누르면 대기열에 다시 들어가요.');
      return;
  }
  following.set(saleId, setTimeout(async () => {
    try {
      follow(saleId, await api(`/api/sales/${saleId}/queue`), show, onAdmitted);
    } catch (e) {
      show(messageFor(e));
    }
  }, streamOpen() ? STREAMING_EVERY_MS : EVERY_MS));
}

export function stop(saleId) {
  clearTimeout(following.get(saleId));
  following.delete(saleId);
  waiting.delete(saleId);
}

export function stopAll() {
  [...following.keys()].forEach(stop);
}
