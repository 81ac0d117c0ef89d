-- queue_watch: the tickets of the shoppers whose notification stream is open on one instance, for
-- the live pushes (position, admission, sold out). An open stream is a heartbeat like a poll: each
-- queued shopper listed keeps the place (see queue_admit: leavers). Shoppers without a ticket are
-- skipped.
-- KEYS[1..8] as queue_join (layout: lua/lib/queue.lua)
-- ARGV[1] sale total (units left before the sale's stock exists in Redis), ARGV[2] admitPerSecond,
-- ARGV[3] tick interval ms (both for the wait estimate), ARGV[4] now ms override or '', ARGV[5..] shoppers
-- Returns {shopper, ticket, status, rank, jti, deadline, estimate, ...}: seven entries per shopper with
-- a ticket, fields as ticket_view.
-- @include common
-- @include queue
local k = room_keys()
local now = now_ms(ARGV[4])
local drawn = redis.call('HEXISTS', k.meta, 'shuffledAt') == 1
local out = {}
for i = 5, #ARGV do
  local shopper = ARGV[i]
  if redis.call('HEXISTS', k.tickets, shopper) == 1 then
    if drawn and redis.call('ZSCORE', k.queue, shopper) then
      redis.call('ZADD', k.seen, now, shopper)
    end
    local view = ticket_view(k, shopper, ARGV[1], ARGV[2], ARGV[3], now)
    out[#out + 1] = shopper
    for j = 2, 7 do
      out[#out + 1] = view[j]
    end
  end
end
return out
