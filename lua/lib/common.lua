-- Shared helpers, inlined into each script at load time by ReservationScripts (Lua has no includes).

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
