-- wrk script: GET /products?search=product N with a different N each
-- time (0..9999), signed in, so no answer is one kept from before.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
local n = 0
request = function()
    n = (n * 7919 + 104729) % 10000
    return wrk.format("GET", "/products?search=product%20" .. n .. "&limit=20")
end
