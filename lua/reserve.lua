-- reserve: hold `qty` units of a sale for one shopper until a deadline.
-- KEYS[1] stock hash          fs:{saleId}:stock   (available, held, sold, total, starts, ends, limit)
-- KEYS[2] deadlines zset      fs:{saleId}:deadlines  (hold id -> deadline ms): the expiry truth
-- KEYS[3] per-shopper units hash fs:{saleId}:users   (shopper -> units held + confirmed)
-- KEYS[4] idempotency hash    fs:{saleId}:idem    (shopper:key -> hold id)
-- KEYS[5] event stream        fs:{saleId}:events
-- KEYS[6] hold hash           fs:{saleId}:hold:{id}
-- KEYS[7] shadow key          fs:{saleId}:shadow:{id} (the only key with a TTL: expiry fast path)
-- KEYS[8] shopper's holds set fs:{saleId}:u:{shopper}
-- KEYS[9] holds-made hash     fs:{saleId}:made    (shopper -> holds ever made in this sale)
-- KEYS[10] offers hash        fs:{saleId}:offers  (shopper -> claim deadline ms): a shopper's open offer
--          is taken first (offered -> held), the rest of the quantity comes from available
-- ARGV[1] hold id, ARGV[2] shopper, ARGV[3] qty, ARGV[4] idempotency key or '',
-- ARGV[5] hold duration ms, ARGV[6] now ms override or '',
-- ARGV[7] most holds one shopper may make in this sale (bounds the idempotency keys and ledger
--         rows a reserve/cancel loop can pile up; closed holds themselves are purged)
-- Returns {code, ...}:
--   { 1, id, created, deadline, claimed }   held; claimed = 1 when it took the shopper's offer, else 0
--   { 2, id }                               replay: the hold an earlier request with this key made
--   {-1, available, offered}  sold out for this shopper: offered = units on offer to waitlisted
--                    shoppers (a shopper without an offer never gets them)
--   {-2, units}      per-shopper limit reached
--   {-3}             sale not open     {-4}         sale stock not initialised (nothing of it in Redis)
--   {-10, made}      the shopper made the most holds allowed in this sale
--   {-11}            partial sale: stock hash incomplete, or gone while deadlines/per-shopper counts
--                    survive; nothing changed, the sale must be rebuilt first
-- @include common
local stock, deadlines, shopper_units, idem, events, hold, shadow, mine, made, offers =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10]
local id, shopper, qty, key, hold_ms = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5])
local max_holds = tonumber(ARGV[7])

if key ~= '' then
  local earlier = redis.call('HGET', idem, shopper .. ':' .. key)
  if earlier then
    return {2, earlier}
  end
end

local refused, s, now = open_sale(stock, deadlines, shopper_units, ARGV[6])
if refused then
  return refused
end
local units = tonumber(redis.call('HGET', shopper_units, shopper) or '0')
if units + qty > tonumber(s[7]) then
  return {-2, units}
end
local available = tonumber(s[1])
-- an offer past its deadline is no longer the shopper's: the sweeper ends it and passes the unit on
local offer = redis.call('HGET', offers, shopper)
local claim = (offer and tonumber(offer) > now) and 1 or 0
if available < qty - claim then
  return {-1, available, tonumber(redis.call('HGET', stock, 'offered') or '0')}
end
local holds_made = tonumber(redis.call('HGET', made, shopper) or '0')
if holds_made >= max_holds then
  return {-10, holds_made}
end

local deadline = now + hold_ms
if claim == 1 then
  end_offer(waitlist(nil, offers, deadlines, events, now, 0), shopper, 'CLAIMED')
  redis.call('HINCRBY', stock, 'offered', -1)
end
redis.call('HINCRBY', stock, 'available', claim - qty)
redis.call('HINCRBY', stock, 'held', qty)
redis.call('HINCRBY', shopper_units, shopper, qty)
redis.call('HINCRBY', made, shopper, 1)
redis.call('HSET', hold, 'user', shopper, 'qty', qty, 'state', 'HELD', 'created', now, 'deadline', deadline)
redis.call('ZADD', deadlines, deadline, id)
redis.call('SET', shadow, '', 'PX', hold_ms)
redis.call('SADD', mine, id)
if key ~= '' then
  redis.call('HSET', idem, shopper .. ':' .. key, id)
end
redis.call('XADD', events, '*', 'type', 'HELD', 'hold', id, 'user', shopper, 'qty', qty, 'at', now, 'deadline', deadline)
return {1, id, now, deadline, claim}
