-- rebuild_sale: recreate a sale's live state from the Postgres ledger after Redis lost it
-- (restarted without persistence, flushed). Does nothing if the sale's stock hash exists.
-- KEYS[1] stock hash, KEYS[2] deadlines zset, KEYS[3] per-user units hash, KEYS[4] idempotency hash
-- Whatever else of the sale survived (deadlines, per-user counts, idempotency keys) is dropped first:
-- the ledger is the truth here, and stale entries would be counted twice.
-- ARGV[1] key prefix 'fs:{saleId}:' (hold, shadow and per-shopper keys, same slot as KEYS)
-- ARGV[2] total, ARGV[3] startsAt ms, ARGV[4] endsAt ms, ARGV[5] per-user limit, ARGV[6] sold units,
-- ARGV[7] now ms override or '', ARGV[8] n = number of (shopper, confirmed units) pairs that follow,
-- then n pairs, then the live holds as (id, shopper, qty, created ms, deadline ms) tuples
-- Returns {1, held, available} rebuilt | {2} state existed, untouched | {-9, available} ledger inconsistent
-- @include common
local stock, deadlines, users, idem = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
if redis.call('EXISTS', stock) == 1 then
  return {2}
end
local prefix, total, sold = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[6])
local now, pairs_n = now_ms(ARGV[7]), tonumber(ARGV[8])

local held, first_hold = 0, 9 + 2 * pairs_n
for i = first_hold, #ARGV, 5 do
  if tonumber(ARGV[i + 4]) > now then held = held + tonumber(ARGV[i + 2]) end
end
local available = total - sold - held
if available < 0 then
  return {-9, available}
end
redis.call('DEL', deadlines, users, idem)

redis.call('HSET', stock, 'total', total, 'available', available, 'held', held, 'sold', sold,
  'starts', ARGV[3], 'ends', ARGV[4], 'limit', ARGV[5])
for i = 9, first_hold - 1, 2 do
  redis.call('HINCRBY', users, ARGV[i], tonumber(ARGV[i + 1]))
end
for i = first_hold, #ARGV, 5 do
  local id, user, qty, created, deadline = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3], tonumber(ARGV[i + 4])
  if deadline > now then
    redis.call('HSET', prefix .. 'hold:' .. id, 'user', user, 'qty', qty, 'state', 'HELD', 'created', created,
      'deadline', deadline)
    redis.call('ZADD', deadlines, deadline, id)
    redis.call('SET', prefix .. 'shadow:' .. id, '', 'PX', deadline - now)
    redis.call('SADD', prefix .. 'u:' .. user, id)
    redis.call('HINCRBY', users, user, qty)
  end
end
return {1, held, available}
