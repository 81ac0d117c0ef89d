-- Shared helpers, inlined into each script at load time by LuaScripts (Lua has no includes).
-- Words: a shopper everywhere in the scripts; only stored names keep the older word, because data
-- written by earlier versions must still read: the hold hash's and stream entries' field 'user' and the
-- per-shopper units hash fs:{saleId}:users.

-- Current time in milliseconds: the ARGV override (tests) or Redis TIME, so every instance agrees.
local function now_ms(override)
  if override ~= nil and override ~= '' then
    return tonumber(override)
  end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- The waitlist side of a sale, for the scripts that return units or end offers: the WAITING shoppers
-- (zset, scored by join number), the offers (hash shopper -> claim deadline ms; one unit each), the
-- deadline set (an offer's member is 'offer:<shopper>', beside the hold ids), the event stream, the
-- time and the claim window in ms. All keys share the sale's hash tag.
local OFFER = 'offer:'

local function waitlist(waiting, offers, deadlines, events, now, window)
  return {waiting = waiting, offers = offers, deadlines = deadlines, events = events, now = now,
    window = tonumber(window)}
end

-- One unit offered to `shopper` until the claim window or the sale ends, whichever is first.
local function make_offer(w, shopper, ends)
  local deadline = math.min(w.now + w.window, ends)
  redis.call('HSET', w.offers, shopper, deadline)
  redis.call('ZADD', w.deadlines, deadline, OFFER .. shopper)
  redis.call('XADD', w.events, '*', 'type', 'OFFERED', 'user', shopper, 'qty', 1, 'at', w.now, 'deadline', deadline)
end

-- Ends `shopper`'s offer (reason CLAIMED, EXPIRED, LEFT or SALE_ENDED): false if there was none. The
-- offered unit is the caller's to move (claimed into a hold, or onward through units_back).
local function end_offer(w, shopper, reason)
  if redis.call('HDEL', w.offers, shopper) == 0 then
    return false
  end
  redis.call('ZREM', w.deadlines, OFFER .. shopper)
  redis.call('XADD', w.events, '*', 'type', 'OFFER_ENDED', 'user', shopper, 'qty', 1, 'at', w.now, 'reason', reason)
  return true
end

-- The one place where units come back to the sale: from a hold (release, expiry, failed payment), from
-- an offer that ended unclaimed, or added by an admin. `from` is the counter they leave ('held',
-- 'offered'), or nil for new units. While the sale is open and `w` (see waitlist) has shoppers WAITING,
-- each unit becomes an offer to the head of the line, one per shopper in join order; only the rest
-- reach `available`. Returns how many offers were made. A stock hash without 'offered' (a sale created
-- before the waitlist) counts it as 0: HINCRBY creates it.
local function units_back(stock_key, qty, from, w)
  if from ~= nil then
    redis.call('HINCRBY', stock_key, from, -qty)
  end
  local offered = 0
  if w ~= nil then
    local ends = tonumber(redis.call('HGET', stock_key, 'ends'))
    while offered < qty and ends ~= nil and w.now < ends do
      local head = redis.call('ZPOPMIN', w.waiting)
      if head[1] == nil then
        break
      end
      make_offer(w, head[1], ends)
      offered = offered + 1
    end
  end
  if offered > 0 then
    redis.call('HINCRBY', stock_key, 'offered', offered)
  end
  if offered < qty then
    redis.call('HINCRBY', stock_key, 'available', qty - offered)
  end
  return offered
end

-- Per-shopper units (held + confirmed) go down when a hold ends without payment.
local function shopper_units_down(units_key, shopper, qty)
  if redis.call('HINCRBY', units_key, shopper, -qty) <= 0 then
    redis.call('HDEL', units_key, shopper)
  end
end

-- Every field a usable stock hash has. A hash missing one of them is a partial sale: Redis lost
-- part of it (or a script ran on it while it was gone), and no counter in it can be trusted.
local STOCK_FIELDS = {'available', 'held', 'sold', 'total', 'starts', 'ends', 'limit'}

-- The sale's stock: returns 'ok' and the values (in STOCK_FIELDS order), 'missing' when the hash
-- does not exist, or 'partial' when it exists without every field.
local function stock_of(stock_key)
  local s = redis.call('HMGET', stock_key, unpack(STOCK_FIELDS))
  local present = 0
  for i = 1, #STOCK_FIELDS do
    if s[i] then present = present + 1 end
  end
  if present == #STOCK_FIELDS then
    return 'ok', s
  end
  return present == 0 and 'missing' or 'partial', s
end

-- A sale whose stock hash is gone while its holds, deadlines or per-shopper counts survive is a
-- partial sale too: new counters would not know the units those holds took.
local function leftovers(...)
  return redis.call('EXISTS', ...) > 0
end

-- The result code of a script that refuses to run on a partial sale (ScriptCode.SALE_PARTIAL):
-- nothing was changed; the sale must be rebuilt (rebuild_sale.lua) first.
local SALE_PARTIAL = -11

-- A shopper's call on a sale that must be open now (reserve, join): returns the refusal ({-4} nothing
-- of the sale in Redis, {-11} partial sale, {-3} not open), or nil, the stock (STOCK_FIELDS order) and now.
local function open_sale(stock_key, deadlines, shopper_units, now_override)
  local state, s = stock_of(stock_key)
  if state == 'missing' then
    return leftovers(deadlines, shopper_units) and {SALE_PARTIAL} or {-4}
  elseif state == 'partial' then
    return {SALE_PARTIAL}
  end
  local now = now_ms(now_override)
  if now < tonumber(s[5]) or now >= tonumber(s[6]) then
    return {-3}
  end
  return nil, s, now
end
