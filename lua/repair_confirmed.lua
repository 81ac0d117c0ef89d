-- repair_confirmed: the ledger (Postgres) has this hold CONFIRMED (a payment was acknowledged to the
-- marketplace) but Redis does not, because it lost its last writes (AOF everysec, an async replica
-- promoted) and came back with the hold HELD, or has since expired/released it. The ledger wins:
-- the hold becomes CONFIRMED and its units sold, before they can be granted to anyone else.
--   Redis HELD               -> CONFIRMED: held -> sold (what confirm.lua would have done)
--   Redis EXPIRED/RELEASED   -> CONFIRMED: available -> sold, per-shopper units back up, if the sale
--                               still has the units available or on offer to the waitlist (the
--                               paid hold wins over an offer: the latest offers are withdrawn,
--                               OFFER_ENDED reason EXPIRED, and their shoppers go back to the front of
--                               the line); if not (they were granted again
--                               meanwhile), nothing changes and {-12, available} is returned: an
--                               oversell the caller reports loudly (log + metric + reconciliation
--                               drift) and retries later, when a unit comes back to available
--   Redis CONFIRMED          -> nothing (idempotent: a repeat, or confirm.lua's write survived)
-- Conservation (available + held + sold == total, available >= 0) holds after every outcome.
-- A CONFIRMED event (reason REPAIR) is appended, so the stream records the transition; the ledger
-- already has the hold CONFIRMED and applies it as a no-op.
-- KEYS[1] stock hash, KEYS[2] deadlines zset, KEYS[3] per-shopper units hash, KEYS[4] event stream,
-- KEYS[5] hold hash, KEYS[6] shadow key, KEYS[7] shopper's holds set (see reserve.lua),
-- KEYS[8] waitlist zset, KEYS[9] offers hash (see units_back in lib/common.lua)
-- ARGV[1] hold id, ARGV[2] payment reference (or ''), ARGV[3] now ms override or ''
-- Returns {1, state before, qty} repaired | {3, 'CONFIRMED'} already confirmed | {-5} no such hold
--   (nothing to repair from; purged holds were CONFIRMED) | {-12, available} the units are no
--   longer available: nothing changed | {-11} partial sale: nothing changed (the rebuild makes the
--   ledger's CONFIRMED win)
-- @include common
local stock, deadlines, shopper_units, events, hold, shadow, mine = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local id, payment = ARGV[1], ARGV[2]

local h = redis.call('HMGET', hold, 'user', 'qty', 'state')
if not h[3] then
  return {-5}
end
local state, s = stock_of(stock)
if state ~= 'ok' then
  return {SALE_PARTIAL}
end
if h[3] == 'CONFIRMED' then
  return {3, 'CONFIRMED'}
end
local qty, now = tonumber(h[2]), now_ms(ARGV[3])
if h[3] == 'HELD' then
  redis.call('HINCRBY', stock, 'held', -qty)
else
  local available = tonumber(s[1])
  local w = waitlist(KEYS[8], KEYS[9], deadlines, events, now, 0)
  local offers = redis.call('HGETALL', w.offers)
  if available + #offers / 2 < qty then
    return {-12, available}
  end
  local from_available = math.min(available, qty)
  if from_available > 0 then -- (-0 would print as '-0', which HINCRBY refuses)
    redis.call('HINCRBY', stock, 'available', -from_available)
  end
  if from_available < qty then
    local latest = {}
    for i = 1, #offers, 2 do latest[#latest + 1] = {offers[i], tonumber(offers[i + 1])} end
    table.sort(latest, function(a, b) return a[2] > b[2] end)
    for i = 1, qty - from_available do
      end_offer(w, latest[i][1], 'EXPIRED')
      redis.call('ZADD', w.waiting, 0, latest[i][1])
    end
    redis.call('HINCRBY', stock, 'offered', from_available - qty)
  end
  redis.call('HINCRBY', shopper_units, h[1], qty)
end
redis.call('HINCRBY', stock, 'sold', qty)
redis.call('HSET', hold, 'state', 'CONFIRMED', 'closed', now, 'payment', payment, 'repaired', h[3])
redis.call('ZREM', deadlines, id)
redis.call('DEL', shadow)
redis.call('SREM', mine, id)
local event = redis.call('XADD', events, '*', 'type', 'CONFIRMED', 'hold', id, 'user', h[1], 'qty', qty, 'at', now,
  'payment', payment, 'reason', 'REPAIR')
redis.call('HSET', hold, 'event', event)
return {1, h[3], qty}
