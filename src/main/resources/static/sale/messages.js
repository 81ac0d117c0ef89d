// The one map from problem-details slugs (the end of the problem `type`) to what the shopper reads.
const MESSAGES = {
  'sold-out': '아쉽게도 모두 팔렸어요.',
  'limit-exceeded': '1인 구매 한도({limit}개)를 모두 채웠어요.',
  'sale-not-active': '지금은 구매할 수 있는 시간이 아니에요.',
  'sale-not-found': '세일을 찾을 수 없어요.',
  'rate-limited': '요청이 너무 많아요. {wait} 다시 시도해 주세요.',
  'overloaded': '주문이 몰려 잠시 처리하지 못했어요. {wait} 다시 시도해 주세요.',
  'service-unavailable': '일시적으로 이용할 수 없어요. {wait} 다시 시도해 주세요.',
  'reservation-closed': '이미 끝난 예약이에요.',
  'reservation-not-found': '예약을 찾을 수 없어요.',
  'marketplace-unavailable': '이 상품은 그 마켓에서 팔지 않아요.',
  'sale-not-sold-out': '아직 재고가 있어요. 바로 장바구니에 담아 보세요.',
  'waitlist-entry-not-found': '대기 명단에 없어요.',
  'admission-required': '대기열에 입장한 뒤에 구매할 수 있어요.',
  'queue-closed': '대기열이 마감되었어요.',
  'unauthorized': '로그인이 필요해요.',
  'forbidden': '이 작업을 할 권한이 없어요.',
  'invalid-request': '요청이 올바르지 않아요.',
  'not-found': '찾을 수 없어요.',
  'network': '네트워크 연결을 확인해 주세요.',
};
const FALLBACK = '문제가 생겼어요. 잠시 후 다시 시도해 주세요.';

/** Korean text for an ApiError (see api.js); Retry-After becomes "N초 후에", {limit} the sale's per-shopper limit. */
export function messageFor(error, sale) {
  const text = MESSAGES[error.slug] ?? FALLBACK;
  const wait = error.retryAfter ? `${error.retryAfter}초 후에` : '잠시 후';
  return text.replace('{wait}', wait).replace('{limit}', sale?.perUserLimit ?? '');
}

// The recommendation API explains itself in English; the page says it in Korean (unknown ones: nothing).
const REASONS = [
  [/^On sale now$/, () => '지금 판매 중'],
  [/^Popular right now$/, () => '지금 인기 있는 상품'],
  [/^Just started$/, () => '방금 시작한 세일'],
  [/^Picked for this shopper$/, () => '회원님을 위한 추천'],
  [/^Popular with shoppers who liked (.+)$/, m => `${m[1]}을(를) 좋아한 분들이 찾는 상품`],
  [/^Similar to (.+)$/, m => `${m[1]}와(과) 비슷한 상품`],
  [/^Matches your interest in (.+)$/, m => `관심 분야: ${m[1]}`],
  [/^In stock instead of sold-out (.+)$/, m => `품절된 ${m[1]} 대신`],
];

export function reasonText(reason) {
  for (const [pattern, text] of REASONS) {
    const m = pattern.exec(reason ?? '');
    if (m) return text(m);
  }
  return '';
}
