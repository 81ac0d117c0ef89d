-- waitlist_entry: a shopper's place on a sale's waitlist, read in one step (an entry moves from
-- WAITING to OFFERED atomically, so two separate reads could miss it in between). Changes nothing.
-- KEYS[1] waitlist zset fs:{saleId}:waitlist, KEYS[2] offers hash fs:{saleId}:offers
-- ARGV[1] shopper
-- Returns {1, 'WAITING', position, 0} (1-based among WAITING) | {1, 'OFFERED', 0, deadline ms}
--       | {-13} not on the waitlist
local offer = redis.call('HGET', KEYS[2], ARGV[1])
if offer then
  return {1, 'OFFERED', 0, tonumber(offer)}
end
local rank = redis.call('ZRANK', KEYS[1], ARGV[1])
if rank then
  return {1, 'WAITING', rank + 1, 0}
end
return {-13}
