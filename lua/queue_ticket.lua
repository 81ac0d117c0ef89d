-- queue_ticket: a shopper's poll. Answers the ticket and counts as the heartbeat that keeps a
-- queued shopper's place (see queue_admit: leavers).
-- KEYS[1..8] as queue_join (layout: lua/lib/queue.lua)
-- ARGV[1] shopper, ARGV[2] sale total (units left before the sale's stock exists in Redis),
-- ARGV[3] now ms override or '', ARGV[4] admitPerSecond, ARGV[5] tick interval ms (both for the wait estimate)
-- Returns {1, ticket, status, rank, jti, deadline, estimate} as ticket_view, or {-2} no ticket.
-- @include common
-- @include queue
local k = room_keys()
local shopper = ARGV[1]
local now = now_ms(ARGV[3])
if redis.call('ZSCORE', k.queue, shopper) and redis.call('HEXISTS', k.meta, 'shuffledAt') == 1 then
  redis.call('ZADD', k.seen, now, shopper)
end
return ticket_view(k, shopper, ARGV[2], ARGV[4], ARGV[5], now)
