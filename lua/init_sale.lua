-- init_sale: create a sale's live stock, or update its window and limit (never its counters).
-- KEYS[1] stock hash   fs:{saleId}:stock
-- KEYS[2] deadlines zset, KEYS[3] per-shopper units hash, KEYS[4] event stream: if any of them holds
--         something while the stock hash is gone, the sale lost part of its state and fresh
--         counters would not know the units its holds took
-- ARGV[1] total units, ARGV[2] startsAt ms, ARGV[3] endsAt ms, ARGV[4] per-shopper limit
-- Returns {1} created, {2} already existed (window/limit updated, counters untouched),
--         {-11} partial sale: nothing changed, rebuild_sale.lua must run first
-- @include common
local stock, deadlines, shopper_units, events = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local state = stock_of(stock)
if state == 'ok' then
  redis.call('HSET', stock, 'starts', ARGV[2], 'ends', ARGV[3], 'limit', ARGV[4])
  return {2}
end
-- an empty stream is not history: the ledger's consumer group creates it (MKSTREAM) for any sale
if state == 'partial' or leftovers(deadlines, shopper_units) or redis.call('XLEN', events) > 0 then
  return {SALE_PARTIAL}
end
redis.call('HSET', stock, 'total', ARGV[1], 'available', ARGV[1], 'offered', 0, 'held', 0, 'sold', 0,
  'starts', ARGV[2], 'ends', ARGV[3], 'limit', ARGV[4])
return {1}
