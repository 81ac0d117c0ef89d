-- Shared helpers, inlined into each script at load time by LuaScripts (Lua has no includes).

-- Current time in milliseconds: the ARGV override (tests) or Redis TIME, so every instance agrees.
local function now_ms(override)
  if override ~= nil and override ~= '' then
    return tonumber(override)
  end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- The one place where units come back from a hold to the sale (release, expiry, failed payment)
-- or are added by an admin. `from` is the counter they leave ('held'), or nil for new units.
-- The waitlist will take freed units here, atomically, before they reach the general pool.
local function units_back(stock_key, qty, from)
  if from ~= nil then
    redis.call('HINCRBY', stock_key, from, -qty)
  end
  redis.call('HINCRBY', stock_key, 'available', qty)
end

-- Per-shopper units (held + confirmed) go down when a hold ends without payment.
local function user_units_down(users_key, user, qty)
  if redis.call('HINCRBY', users_key, user, -qty) <= 0 then
    redis.call('HDEL', users_key, user)
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
