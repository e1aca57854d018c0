-- wrk script: POST /orders with an Idempotency-Key. BENCH_KEY=fresh: a new
-- key per request (the cost of recording it); BENCH_KEY=same: one key for
-- all (every request after the first is a replay).
local body = '{"productId":"' .. os.getenv("BENCH_PRODUCT") .. '","quantity":1}'
local mode = os.getenv("BENCH_KEY") or "fresh"
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
local n = 0
function request()
  n = n + 1
  local key = mode == "same" and "bench-same" or ("bench-" .. tid .. "-" .. n)
  return wrk.format("POST", nil, {
    ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"),
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = key,
  }, body)
end
