-- rebuild_sale: recreate a sale's live state when its stock hash is gone or incomplete: Redis lost
-- everything (restarted without persistence, flushed) or only part of it (the stock hash, recent
-- writes). Does nothing if the stock hash is whole. The holds that survived in Redis are
-- reconciled with the ledger, hold by hold, so that the new counters count every unit a surviving
-- hold took and none that went back:
--   ledger CONFIRMED                          -> CONFIRMED (a paid unit is never sold again)
--   ledger RELEASED/EXPIRED, Redis HELD        -> the ledger's state (Redis lost the end of the hold)
--   otherwise, the hold hash survived          -> its Redis state (newer than the ledger, whose
--                                                 consumer has not applied the latest event yet)
--   ledger HELD, no hold hash, deadline ahead  -> HELD again (hash, deadline, shadow key, shopper set)
--   ledger HELD, no hold hash, deadline passed -> left out, returned as lapsed (the caller expires
--                                                 it in the ledger; its units are available)
-- Counters and per-shopper units are computed from those states alone; deadlines and per-shopper
-- units are rewritten, idempotency keys and holds-made counts are kept (they refuse retries).
-- Scripts refuse to run on a partial sale (-11), so nothing changes the holds between the
-- caller's reads (Redis hold ids, ledger rows) and this script.
-- Offers are not in the ledger: every open offer ends (OFFER_ENDED, reason EXPIRED) and its unit is
-- counted available; WAITING shoppers keep their places, and the next unit that comes back goes to them.
-- KEYS[1] stock hash, KEYS[2] deadlines zset, KEYS[3] per-shopper units hash, KEYS[4] offers hash,
-- KEYS[5] event stream
-- ARGV[1] key prefix 'fs:{saleId}:': hold, shadow and per-shopper keys are built from it. They
--         share the sale's hash tag, so they are in the KEYS' Cluster slot; their ids are only
--         known once the hold hashes are read here.
-- ARGV[2] total, ARGV[3] startsAt ms, ARGV[4] endsAt ms, ARGV[5] per-shopper limit, ARGV[6] now ms,
-- then one (id, ledger status or '', shopper, qty, created ms, deadline ms) tuple per hold to
-- consider: every ledger HELD/CONFIRMED row, and every hold id Redis still has (ledger fields ''
-- when the ledger has no row for it)
-- Returns {1, held, available, sold, lapsed id...} rebuilt | {2} stock hash whole, untouched
--       | {-9, available} the holds take more units than the sale has: nothing changed
-- @include common
local stock, deadlines, shopper_units = KEYS[1], KEYS[2], KEYS[3]
if stock_of(stock) == 'ok' then
  return {2}
end
local prefix, total, now = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[6])

local decided, lapsed, held, sold = {}, {}, 0, 0
for i = 7, #ARGV, 6 do
  local id, ledger = ARGV[i], ARGV[i + 1]
  local r = redis.call('HMGET', prefix .. 'hold:' .. id, 'user', 'qty', 'state', 'created', 'deadline')
  local d = {id = id, exists = r[3] ~= false, was = r[3]}
  if r[3] then
    d.shopper, d.qty, d.created, d.deadline = r[1], tonumber(r[2]), r[4], tonumber(r[5])
  else
    d.shopper, d.qty, d.created, d.deadline = ARGV[i + 2], tonumber(ARGV[i + 3]), ARGV[i + 4], tonumber(ARGV[i + 5])
  end
  if ledger == 'CONFIRMED' or (ledger ~= '' and ledger ~= 'HELD' and r[3] == 'HELD') then
    d.state = ledger
  elseif r[3] then
    d.state = r[3]
  elseif ledger == 'HELD' and d.deadline > now then
    d.state = 'HELD'
  elseif ledger == 'HELD' then
    lapsed[#lapsed + 1] = id
  end
  if d.state == 'HELD' then
    held = held + d.qty
  elseif d.state == 'CONFIRMED' then
    sold = sold + d.qty
  end
  if d.state then
    decided[#decided + 1] = d
  end
end
local available = total - sold - held
if available < 0 then
  return {-9, available}
end

local offers = redis.call('HKEYS', KEYS[4])
for _, shopper in ipairs(offers) do
  redis.call('XADD', KEYS[5], '*', 'type', 'OFFER_ENDED', 'user', shopper, 'qty', 1, 'at', now, 'reason', 'EXPIRED')
end
redis.call('DEL', stock, deadlines, shopper_units, KEYS[4])
redis.call('HSET', stock, 'total', total, 'available', available, 'offered', 0, 'held', held, 'sold', sold,
  'starts', ARGV[3], 'ends', ARGV[4], 'limit', ARGV[5])
for _, d in ipairs(decided) do
  local hold, mine = prefix .. 'hold:' .. d.id, prefix .. 'u:' .. d.shopper
  if d.state == 'HELD' then
    redis.call('HINCRBY', shopper_units, d.shopper, d.qty)
    redis.call('HSET', hold, 'user', d.shopper, 'qty', d.qty, 'state', 'HELD', 'created', d.created,
      'deadline', d.deadline)
    redis.call('ZADD', deadlines, d.deadline, d.id)
    if d.deadline > now then
      redis.call('SET', prefix .. 'shadow:' .. d.id, '', 'PX', d.deadline - now)
    end
    redis.call('SADD', mine, d.id)
  else
    if d.state == 'CONFIRMED' then
      redis.call('HINCRBY', shopper_units, d.shopper, d.qty)
    end
    if d.exists and d.was ~= d.state then
      -- a confirm retried later answers "already confirmed" with this as its event id
      redis.call('HSET', hold, 'state', d.state, 'closed', now, 'event', 'rebuild-' .. d.id)
    end
    redis.call('DEL', prefix .. 'shadow:' .. d.id)
    redis.call('SREM', mine, d.id)
  end
end
local reply = {1, held, available, sold}
for _, id in ipairs(lapsed) do reply[#reply + 1] = id end
return reply
