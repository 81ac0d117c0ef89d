-- purge_holds: delete closed holds from Redis once the ledger has committed them, so a shopper
-- looping reserve/cancel does not grow Redis by one hash per loop. A hold is deleted only if it is
-- not HELD and Redis has it in the state the ledger committed (a clash between the two, e.g. the
-- ledger CONFIRMED and Redis EXPIRED, stays for repair). Idempotent: a purged hold is skipped.
-- What reads need afterwards lives on: the idempotency hash keeps `shopper:key -> hold id` (a
-- replay, like GET /api/reservations/{id}, then reads the ledger's row).
-- KEYS[1] stock hash (a partial sale is refused: rebuild_sale.lua reads the surviving holds),
-- then per hold: KEYS[2i] hold hash fs:{saleId}:hold:{id}, KEYS[2i+1] its shopper's holds set
-- ARGV[2i-1] hold id, ARGV[2i] the state the ledger committed (RELEASED, EXPIRED or CONFIRMED)
-- Returns {1, holds deleted} | {-11} partial sale: nothing changed
-- @include common
if stock_of(KEYS[1]) ~= 'ok' then
  return {SALE_PARTIAL}
end
local deleted = 0
for i = 2, #KEYS, 2 do
  local id, committed = ARGV[i - 1], ARGV[i]
  local state = redis.call('HGET', KEYS[i], 'state')
  if state and state ~= 'HELD' and state == committed then
    redis.call('DEL', KEYS[i])
    redis.call('SREM', KEYS[i + 1], id)
    deleted = deleted + 1
  end
end
return {1, deleted}
