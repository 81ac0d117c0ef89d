-- release: end a HELD hold without payment (shopper cancels, or the marketplace reports a failed
-- payment); its units go back to the sale.
-- KEYS[1] stock hash, KEYS[2] deadlines zset, KEYS[3] per-shopper units hash, KEYS[4] event stream,
-- KEYS[5] hold hash, KEYS[6] shadow key, KEYS[7] shopper's holds set (see reserve.lua),
-- KEYS[8] waitlist zset fs:{saleId}:waitlist, KEYS[9] offers hash fs:{saleId}:offers (see units_back)
-- ARGV[1] hold id, ARGV[2] shopper who must own the hold ('' = any: system call),
-- ARGV[3] reason (e.g. CANCELLED, PAYMENT_FAILED), ARGV[4] now ms override or '', ARGV[5] claim window ms
-- Returns {1, qty, offers made} released (units offered to the waitlist's head, the rest available) | {-5} no such hold for this shopper | {-6, state} already ended
--       | {-11} partial sale (the hold exists but the stock hash is gone or incomplete): nothing changed
-- @include common
local stock, deadlines, shopper_units, events, hold, shadow, mine = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local waiting, offers = KEYS[8], KEYS[9]
local id, owner, reason = ARGV[1], ARGV[2], ARGV[3]

local h = redis.call('HMGET', hold, 'user', 'qty', 'state')
if not h[1] or (owner ~= '' and h[1] ~= owner) then
  return {-5}
end
if stock_of(stock) ~= 'ok' then
  return {SALE_PARTIAL}
end
if h[3] ~= 'HELD' then
  return {-6, h[3]}
end
local qty, now = tonumber(h[2]), now_ms(ARGV[4])
shopper_units_down(shopper_units, h[1], qty)
redis.call('HSET', hold, 'state', 'RELEASED', 'closed', now, 'reason', reason)
redis.call('ZREM', deadlines, id)
redis.call('DEL', shadow)
redis.call('SREM', mine, id)
redis.call('XADD', events, '*', 'type', 'RELEASED', 'hold', id, 'user', h[1], 'qty', qty, 'at', now, 'reason', reason)
-- after the RELEASED event: OFFERED events follow their cause
local made = units_back(stock, qty, 'held', waitlist(waiting, offers, deadlines, events, now, ARGV[5]))
return {1, qty, made}
