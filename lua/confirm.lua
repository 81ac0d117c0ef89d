-- confirm: the marketplace reports the hold paid; its units become sold.
-- A HELD hold is confirmed even if its deadline has just passed but expiry has not run yet: the
-- units were never given to anyone else, and exactly one of confirm/expire wins the hold.
-- KEYS[1] stock hash, KEYS[2] deadlines zset, KEYS[3] event stream, KEYS[4] hold hash,
-- KEYS[5] shadow key, KEYS[6] shopper's holds set (see reserve.lua)
-- ARGV[1] hold id, ARGV[2] payment reference, ARGV[3] now ms override or ''
-- Returns {1, qty, event id} confirmed | {3, qty, event id} was already confirmed (idempotent retry);
--   the event id is the stream entry of the CONFIRMED event, so a synchronous ledger write and the
--   stream consumer record the same event once
--       | {-5} no such hold | {-6, state} hold ended unpaid (RELEASED/EXPIRED): a late payment
--       | {-11} partial sale (the hold exists but the stock hash is gone or incomplete): nothing changed
-- @include common
local stock, deadlines, events, hold, shadow, mine = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local id, payment = ARGV[1], ARGV[2]

local h = redis.call('HMGET', hold, 'user', 'qty', 'state')
if not h[1] then
  return {-5}
end
if stock_of(stock) ~= 'ok' then
  return {SALE_PARTIAL}
end
local qty = tonumber(h[2])
if h[3] == 'CONFIRMED' then
  return {3, qty, redis.call('HGET', hold, 'event')}
end
if h[3] ~= 'HELD' then
  return {-6, h[3]}
end
local now = now_ms(ARGV[3])
redis.call('HINCRBY', stock, 'held', -qty)
redis.call('HINCRBY', stock, 'sold', qty)
redis.call('HSET', hold, 'state', 'CONFIRMED', 'closed', now, 'payment', payment)
redis.call('ZREM', deadlines, id)
redis.call('DEL', shadow)
redis.call('SREM', mine, id)
local event = redis.call('XADD', events, '*', 'type', 'CONFIRMED', 'hold', id, 'user', h[1], 'qty', qty, 'at', now,
  'payment', payment)
redis.call('HSET', hold, 'event', event)
return {1, qty, event}
