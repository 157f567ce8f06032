-- wrk script of bench/update-ratio.sh: progress updates spread over the processes listed in $IDS_FILE (one id per
-- line, each with its step "work" running), as the bearer token $TOKEN.
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do
  ids[#ids + 1] = line
end
local headers = {["Authorization"] = "Bearer " .. os.getenv("TOKEN"), ["Content-Type"] = "application/json"}
local body = '{"type":"progress","step":"work","message":"working","percent":50}'

request = function()
  local id = ids[math.random(#ids)]
  return wrk.format("POST", "/api/v1/processes/" .. id .. "/update", headers, body)
end
