-- queue_consume: spend a shopper's admission on a reserve (called just before the reserve
-- script). An admission is single-use: the jti is recorded as used with the request's
-- Idempotency-Key, so only a retry of that same reserve (same key: the engine answers it with the
-- original hold, taking nothing) passes again.
-- A shopper holding a waitlist offer needs no admission: the offered unit is theirs already, and
-- the reserve claims it (reserve.lua); no admission is spent.
-- KEYS[1] state hash fs:{saleId}:wr:state, KEYS[2] admitted zset fs:{saleId}:wr:admitted,
-- KEYS[3] the engine's offers hash fs:{saleId}:offers (shopper -> claim deadline ms; read only)
-- ARGV[1] shopper, ARGV[2] jti from the verified admission token, or '' (no valid token),
-- ARGV[3] Idempotency-Key or '', ARGV[4] now ms override or ''
-- Returns {1} admitted (now used), {2} retry of the reserve this admission was used for,
--         {3} the shopper holds a waitlist offer (nothing spent),
--         {-4} already used, {-5} not this shopper's current admission (never admitted, or
--         admitted again since, with a new jti), {-3} admission expired
-- @include common
local state_key, admitted = KEYS[1], KEYS[2]
local shopper, jti, key = ARGV[1], ARGV[2], ARGV[3]
if redis.call('HEXISTS', KEYS[3], shopper) == 1 then
  return {3}
end
if jti == '' then
  return {-5}
end
local state = redis.call('HGET', state_key, shopper)
if state == 'U:' .. jti .. ':' .. key and key ~= '' then
  return {2}
end
if state and string.sub(state, 1, 2 + #jti + 1) == 'U:' .. jti .. ':' then
  return {-4}
end
if state ~= 'A:' .. jti then
  return {-5}
end
local deadline = tonumber(redis.call('ZSCORE', admitted, shopper) or '0')
if deadline < now_ms(ARGV[4]) then
  return {-3}
end
redis.call('ZREM', admitted, shopper)
redis.call('HSET', state_key, shopper, 'U:' .. jti .. ':' .. key)
return {1}
