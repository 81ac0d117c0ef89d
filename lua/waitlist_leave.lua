-- waitlist_leave: a shopper leaves a sale's waitlist. A WAITING entry is simply removed; an OFFERED
-- one ends (OFFER_ENDED, reason LEFT) and its unit goes on through units_back: to the next WAITING
-- shopper, or to available when nobody waits.
-- KEYS[1] stock hash, KEYS[2] waitlist zset, KEYS[3] offers hash, KEYS[4] deadlines zset,
-- KEYS[5] event stream (see units_back in lib/common.lua)
-- ARGV[1] shopper, ARGV[2] now ms override or '', ARGV[3] claim window ms
-- Returns {1, 'WAITING', position, 0, 0} | {1, 'OFFERED', 0, deadline, offers made}: the entry as it was
--       | {-13} not on the waitlist
--       | {-11} partial sale (an offer's unit cannot be returned to counters that may be lost): nothing changed
-- @include common
local stock, waiting, offers, deadlines, events = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local shopper = ARGV[1]

local rank = redis.call('ZRANK', waiting, shopper)
if rank then
  redis.call('ZREM', waiting, shopper)
  return {1, 'WAITING', rank + 1, 0, 0}
end
local offer = redis.call('HGET', offers, shopper)
if not offer then
  return {-13}
end
if stock_of(stock) ~= 'ok' then
  return {SALE_PARTIAL}
end
local w = waitlist(waiting, offers, deadlines, events, now_ms(ARGV[2]), ARGV[3])
end_offer(w, shopper, 'LEFT')
return {1, 'OFFERED', 0, tonumber(offer), units_back(stock, 1, 'offered', w)}
