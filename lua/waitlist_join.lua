-- waitlist_join: put a shopper on the waitlist of a sold-out, open sale (WAITING, behind everyone who
-- joined before: the score is a join number from a counter, not the clock, so instances with skewed
-- clocks cannot reorder the line). Joining again answers the shopper's entry as it is.
-- "Sold out" means no unit available: units on offer to others do not count (nobody else may take them).
-- KEYS[1] stock hash, KEYS[2] waitlist zset fs:{saleId}:waitlist (shopper -> join number),
-- KEYS[3] offers hash fs:{saleId}:offers (shopper -> claim deadline ms), KEYS[4] join counter
-- fs:{saleId}:waitseq, KEYS[5] per-shopper units hash, KEYS[6] deadlines zset (see reserve.lua)
-- ARGV[1] shopper, ARGV[2] now ms override or ''
-- Returns {1, 'WAITING', position, 0}     joined; position is 1-based among WAITING shoppers
--       | {2, 'WAITING', position, 0} | {2, 'OFFERED', 0, deadline}   already on the list: unchanged
--       | {-2, units}      the shopper holds or bought the per-shopper limit already: nothing to wait for
--       | {-3}             sale not open   | {-4} sale stock not initialised (nothing of it in Redis)
--       | {-11}            partial sale: nothing changed, the sale must be rebuilt first
--       | {-14, available} units are available: reserve instead
-- @include common
local stock, waiting, offers, seq, shopper_units, deadlines = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local shopper = ARGV[1]

local refused, s, now = open_sale(stock, deadlines, shopper_units, ARGV[2])
if refused then
  return refused
end
local offer = redis.call('HGET', offers, shopper)
if offer then
  return {2, 'OFFERED', 0, tonumber(offer)}
end
local rank = redis.call('ZRANK', waiting, shopper)
if rank then
  return {2, 'WAITING', rank + 1, 0}
end
local units = tonumber(redis.call('HGET', shopper_units, shopper) or '0')
if units >= tonumber(s[7]) then
  return {-2, units}
end
if tonumber(s[1]) > 0 then
  return {-14, tonumber(s[1])}
end
redis.call('ZADD', waiting, redis.call('INCR', seq), shopper)
return {1, 'WAITING', redis.call('ZCARD', waiting), 0}
