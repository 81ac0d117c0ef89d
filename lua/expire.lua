-- expire: return the units of HELD holds whose deadline has passed, and end offers whose claim window
-- has passed (their unit moves on to the next WAITING shopper, or to available with nobody waiting).
-- Idempotent and safe to run from any number of instances at once, early, or twice: a hold that is
-- not HELD or not yet due, or an offer that is gone or not yet due, is left alone. Called by the
-- sweeper (ids taken from the deadline set, offers among them as 'offer:<shopper>') and by the
-- expired-key listener (one hold id).
-- KEYS[1] stock hash, KEYS[2] deadlines zset, KEYS[3] per-shopper units hash, KEYS[4] event stream,
-- KEYS[5] waitlist zset, KEYS[6] offers hash (see units_back in lib/common.lua)
-- ARGV[1] key prefix of this sale, 'fs:{saleId}:' (hold, shadow and per-shopper keys are built
--         from it: same hash tag, so the same Cluster slot as KEYS)
-- ARGV[2] now ms override or '', ARGV[3] max deadline entries to look at in this call,
-- ARGV[4] claim window ms (for offers made with the returned units),
-- ARGV[5..] hold ids to consider; none = the due entries from the deadline set
-- Returns {1, expired holds, earliest remaining deadline ms or -1, offers ended, offers made, then one
--          entry per expired hold: how many ms past its own deadline it came back (now - deadline)}
--          An offer that ends at or after the sale's end ends with reason SALE_ENDED, else EXPIRED.
--       | {-4} nothing of the sale in Redis (no stock, no deadlines, no per-shopper counts): nothing to do
--       | {-11} partial sale (stock hash incomplete, or gone while holds survive): nothing changed;
--               units returned now would go to counters that never took them
-- @include common
local stock, deadlines, shopper_units, events = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local prefix, now, batch = ARGV[1], now_ms(ARGV[2]), tonumber(ARGV[3])

local state, s = stock_of(stock)
if state == 'partial' then
  return {SALE_PARTIAL}
elseif state == 'missing' then
  if leftovers(deadlines, shopper_units) then
    return {SALE_PARTIAL}
  end
  for i = 5, #ARGV do
    if redis.call('HGET', prefix .. 'hold:' .. ARGV[i], 'state') == 'HELD' then
      return {SALE_PARTIAL}
    end
  end
  return {-4}
end
local w = waitlist(KEYS[5], KEYS[6], deadlines, events, now, ARGV[4])
local ended_reason = now < tonumber(s[6]) and 'EXPIRED' or 'SALE_ENDED'

local ids = {}
if #ARGV >= 5 then
  for i = 5, #ARGV do ids[#ids + 1] = ARGV[i] end
else
  ids = redis.call('ZRANGEBYSCORE', deadlines, '-inf', now, 'LIMIT', 0, batch)
end

local count, delays, offers_ended, made = 0, {}, 0, 0
for _, id in ipairs(ids) do
  if string.sub(id, 1, #OFFER) == OFFER then
    local shopper = string.sub(id, #OFFER + 1)
    local deadline = redis.call('HGET', w.offers, shopper)
    if not deadline then
      redis.call('ZREM', deadlines, id)
    elseif tonumber(deadline) <= now then
      end_offer(w, shopper, ended_reason)
      made = made + units_back(stock, 1, 'offered', w)
      offers_ended = offers_ended + 1
    end
  else
    local hold = prefix .. 'hold:' .. id
    local h = redis.call('HMGET', hold, 'user', 'qty', 'state', 'deadline')
    if h[3] == 'HELD' and tonumber(h[4]) <= now then
      local qty = tonumber(h[2])
      shopper_units_down(shopper_units, h[1], qty)
      redis.call('HSET', hold, 'state', 'EXPIRED', 'closed', now)
      redis.call('DEL', prefix .. 'shadow:' .. id)
      redis.call('SREM', prefix .. 'u:' .. h[1], id)
      redis.call('XADD', events, '*', 'type', 'EXPIRED', 'hold', id, 'user', h[1], 'qty', qty, 'at', now,
        'deadline', h[4])
      made = made + units_back(stock, qty, 'held', w) -- after the EXPIRED event: OFFERED events follow their cause
      count = count + 1
      delays[count] = now - tonumber(h[4])
    end
    if h[3] ~= 'HELD' or tonumber(h[4]) <= now then
      redis.call('ZREM', deadlines, id)
    end
  end
end
local next_due = redis.call('ZRANGE', deadlines, 0, 0, 'WITHSCORES')
local reply = {1, count, next_due[2] and tonumber(next_due[2]) or -1, offers_ended, made}
for i = 1, count do reply[i + 5] = delays[i] end
return reply
