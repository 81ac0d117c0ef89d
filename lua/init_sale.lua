-- init_sale: create a sale's live stock, or update its window and limit (never its counters).
-- KEYS[1] stock hash   fs:{saleId}:stock
-- ARGV[1] total units, ARGV[2] startsAt ms, ARGV[3] endsAt ms, ARGV[4] per-user limit
-- Returns {1} created, {2} already existed (window/limit updated, counters untouched).
-- @include common
local stock = KEYS[1]
if redis.call('EXISTS', stock) == 1 then
  redis.call('HSET', stock, 'starts', ARGV[2], 'ends', ARGV[3], 'limit', ARGV[4])
  return {2}
end
redis.call('HSET', stock, 'total', ARGV[1], 'available', ARGV[1], 'held', 0, 'sold', 0,
  'starts', ARGV[2], 'ends', ARGV[3], 'limit', ARGV[4])
return {1}
