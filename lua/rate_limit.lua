-- rate_limit: take one token from a shopper's bucket and one from a client address's bucket, both
-- for one sale and one scope (reserve, release, ...), both or neither. Token buckets: a bucket
-- holds up to `capacity` tokens and gains `refill` per second; a missing bucket is a full one.
-- KEYS[1] generation hash rl:{saleId}:0  (even generations)
-- KEYS[2] generation hash rl:{saleId}:1  (odd generations)
--   fields: _gen -> the generation the hash holds; <scope>:s:<shopper> and <scope>:i:<address>
--   -> "<tokens> <last change, ms>"
-- ARGV[1] scope code, ARGV[2] shopper id or '' (no shopper bucket), ARGV[3] address or '' (none),
-- ARGV[4] shopper capacity, ARGV[5] shopper refill per second,
-- ARGV[6] address capacity, ARGV[7] address refill per second,
-- ARGV[8] generation length ms: at least the time any bucket takes to refill from empty,
-- ARGV[9] now ms override or '' (Redis TIME, so every instance agrees)
-- Returns {1}                allowed: one token taken from each bucket
--         {-1, wait, which}  refused, nothing changed: `wait` ms until both buckets hold a token,
--                            `which` 1 = the shopper's bucket was empty, 2 = the address's, 3 = both
--
-- Why generations and no TTLs: only hold shadow keys may carry a TTL (Redis samples volatile keys
-- to expire them; every other TTL key slows hold expiry). A bucket untouched for a whole generation
-- has refilled, i.e. it equals a missing one; so only the current and the previous generation's
-- hash are read, and a hash older than that is dropped whole when its slot is reused. Each hash
-- holds at most the buckets changed during one generation.

local function now_ms(override)
  if override ~= nil and override ~= '' then
    return tonumber(override)
  end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local scope, shopper, address = ARGV[1], ARGV[2], ARGV[3]
local now, gen_ms = now_ms(ARGV[9]), tonumber(ARGV[8])
local gen = math.floor(now / gen_ms)
local cur, prev = KEYS[1 + gen % 2], KEYS[2 - gen % 2]

local cur_gen = tonumber(redis.call('HGET', cur, '_gen') or '-1')
if cur_gen >= 0 and cur_gen < gen then
  -- two or more generations old: every bucket in it is full again
  redis.call('UNLINK', cur)
end
local cur_live = cur_gen >= gen
local prev_live = tonumber(redis.call('HGET', prev, '_gen') or '-1') == gen - 1

-- tokens in a bucket now (a fraction while refilling)
local function level(field, capacity, refill)
  local v = (cur_live and redis.call('HGET', cur, field)) or (prev_live and redis.call('HGET', prev, field))
  if not v then
    return capacity
  end
  local space = string.find(v, ' ', 1, true)
  local tokens, at = tonumber(string.sub(v, 1, space - 1)), tonumber(string.sub(v, space + 1))
  return math.min(capacity, tokens + math.max(0, now - at) * refill / 1000)
end

-- ms until the bucket holds one whole token
local function wait(tokens, refill)
  if tokens >= 1 then
    return 0
  end
  if refill <= 0 then
    return gen_ms
  end
  -- less a microsecond, so that float error (0.999 tokens: 1.0000000000000009 ms) does not add a ms
  return math.ceil((1 - tokens) * 1000 / refill - 0.001)
end

local s_field, i_field = scope .. ':s:' .. shopper, scope .. ':i:' .. address
local s_cap, s_refill = tonumber(ARGV[4]), tonumber(ARGV[5])
local i_cap, i_refill = tonumber(ARGV[6]), tonumber(ARGV[7])
local s_tokens = (shopper ~= '') and level(s_field, s_cap, s_refill) or 1
local i_tokens = (address ~= '') and level(i_field, i_cap, i_refill) or 1

if s_tokens >= 1 and i_tokens >= 1 then
  if not cur_live then
    redis.call('HSET', cur, '_gen', gen)
  end
  if shopper ~= '' then
    redis.call('HSET', cur, s_field, tostring(s_tokens - 1) .. ' ' .. now)
  end
  if address ~= '' then
    redis.call('HSET', cur, i_field, tostring(i_tokens - 1) .. ' ' .. now)
  end
  return {1}
end

local which = ((s_tokens < 1) and 1 or 0) + ((i_tokens < 1) and 2 or 0)
return {-1, math.max(wait(s_tokens, s_refill), wait(i_tokens, i_refill)), which}
