-- queue_join: a shopper joins a sale's waiting room; joining again answers the same ticket.
-- KEYS[1] meta hash fs:{saleId}:wr:meta      KEYS[2] queue zset    fs:{saleId}:wr:queue
-- KEYS[3] tickets  fs:{saleId}:wr:tickets    KEYS[4] state hash    fs:{saleId}:wr:state
-- KEYS[5] admitted fs:{saleId}:wr:admitted   KEYS[6] seen zset     fs:{saleId}:wr:seen
-- KEYS[7] stock hash fs:{saleId}:stock (the engine's; read only)    KEYS[8] est hash fs:{saleId}:wr:est
-- (layout of every key: lua/lib/queue.lua)
-- ARGV[1] shopper, ARGV[2] opensAt ms, ARGV[3] startsAt ms, ARGV[4] endsAt ms, ARGV[5] sale total,
-- ARGV[6] candidate seed, ARGV[7] its SHA-256 (kept only if no seed is committed yet),
-- ARGV[8] now ms override or '', ARGV[9] admitPerSecond, ARGV[10] tick interval ms (both for the wait
-- estimate)
-- Between opensAt and startsAt the ticket joins the pre-queue (order drawn at startsAt); from
-- startsAt the draw is made first if nobody made it yet, then the shopper goes to the back.
-- A shopper whose admission expired, was used, or who left goes to the back again (same ticket).
-- Returns {1, ticket, status, rank, jti, deadline, estimate} as ticket_view, or {-1} queue closed (before
--   opensAt or from endsAt).
-- @include common
-- @include queue
local k = room_keys()
local shopper, opens, starts, ends, total = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local now = now_ms(ARGV[8])
if now < opens or now >= ends then
  return {-1}
end
commit_seed(k.meta, ARGV[6], ARGV[7])
if now >= starts then
  draw(k.meta, k.queue, k.seen, now)
end

local ticket = redis.call('HGET', k.tickets, shopper)
local state = redis.call('HGET', k.state, shopper)
if not ticket then
  local seq = redis.call('HINCRBY', k.meta, 'seq', 1)
  redis.call('HSET', k.tickets, shopper, seq)
  redis.call('ZADD', k.queue, seq, shopper)
  if now >= starts then
    redis.call('ZADD', k.seen, now, shopper)
  end
elseif state and string.sub(state, 1, 1) ~= 'A' then
  redis.call('HDEL', k.state, shopper)
  redis.call('HDEL', k.est, shopper)
  redis.call('ZADD', k.queue, redis.call('HINCRBY', k.meta, 'seq', 1), shopper)
  redis.call('ZADD', k.seen, now, shopper)
elseif not state and now >= starts then
  redis.call('ZADD', k.seen, now, shopper)
end
return ticket_view(k, shopper, total, ARGV[9], ARGV[10], now)
