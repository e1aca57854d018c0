-- wrk script: POST /orders for one unit of the bench product.
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"productId":"' .. os.getenv("BENCH_PRODUCT") .. '","quantity":1}'

local created, refused = 0, 0
function response(status, headers, body)
  if status == 201 then created = created + 1 else refused = refused + 1 end
end
