-- adjust_stock: an admin adds units to a sale or removes units that are still available
-- (never held or sold ones).
-- KEYS[1] stock hash, KEYS[2] event stream
-- ARGV[1] delta (positive adds, negative removes), ARGV[2] admin id, ARGV[3] now ms override or ''
-- Returns {1, available, held, sold, total} adjusted | {-4} sale stock not initialised
--       | {-11} partial sale (stock hash without all its fields): nothing changed
--       | {-8, available} cannot remove more than is available
-- @include common
local stock, events = KEYS[1], KEYS[2]
local delta = tonumber(ARGV[1])

local state, s = stock_of(stock)
if state == 'missing' then
  return {-4}
elseif state == 'partial' then
  return {SALE_PARTIAL}
end
if delta < 0 and tonumber(s[1]) < -delta then
  return {-8, tonumber(s[1])}
end
redis.call('HINCRBY', stock, 'total', delta)
if delta > 0 then
  units_back(stock, delta, nil)
else
  redis.call('HINCRBY', stock, 'available', delta)
end
local now = now_ms(ARGV[3])
redis.call('XADD', events, '*', 'type', 'ADJUSTED', 'qty', delta, 'user', ARGV[2], 'at', now)
s = redis.call('HMGET', stock, 'available', 'held', 'sold', 'total')
return {1, tonumber(s[1]), tonumber(s[2]), tonumber(s[3]), tonumber(s[4])}
