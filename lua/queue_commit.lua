-- queue_commit: commit the seed of a room's draw when the operator enables the room, so the
-- SHA-256 is public before anyone can join. Idempotent: a seed already committed stays (the
-- join and admit scripts commit too, whichever runs first).
-- KEYS[1] meta hash fs:{saleId}:wr:meta (layout: lua/lib/queue.lua)
-- ARGV[1] candidate seed, ARGV[2] its SHA-256
-- Returns {1, the committed SHA-256}
-- @include queue
commit_seed(KEYS[1], ARGV[1], ARGV[2])
return {1, redis.call('HGET', KEYS[1], 'seedSha256')}
