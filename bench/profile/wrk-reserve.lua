-- wrk script for bench/profile/run.sh: args TOKENS_FILE PATH [close]
-- wrk: POST a reserve with a different shopper token per request
local tokens = {}
local i = 0
init = function(args)
  for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
  path = args[2]
  close = args[3] == "close"
  i = math.random(#tokens)
end
request = function()
  i = i % #tokens + 1
  local h = { ["Authorization"] = "Bearer " .. tokens[i], ["Content-Type"] = "application/json" }
  if close then h["Connection"] = "close" end
  return wrk.format("POST", path, h, '{"quantity":1}')
end
