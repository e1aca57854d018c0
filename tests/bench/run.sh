#!/bin/sh
# make bench: HTTP figures for the bundled server, measured with wrk on
# loopback. Not part of make test: numbers depend on the machine.
#
#   GET  /health                     no auth
#   GET  /products?limit=20          signed in, 1,000 products in the store
#   POST /orders                     signed in, synchronous=FULL
#   orders confirmed end to end      POST to CONFIRMED through the queue
#                                    worker, spool mail sink
#   POST /orders + Idempotency-Key   a new key each time, or one replayed
#   steady order stream              tests/bench/steady.c: STEADY_RATE
#                                    orders/s (1000) for STEADY_SECONDS (30)
#                                    over STEADY_CONNECTIONS (64); the
#                                    confirmations' p50/p99 and the queue's
#                                    oldest message
#
# Each runs at 64 connections for $BENCH_SECONDS (default 10) seconds after
# a short warm-up, and prints req/s, p50 and p99.
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}

command -v wrk >/dev/null 2>&1 || INVENTUI_BOOTSTRAP_BENCH=1 sh "$here/../../tools/bootstrap.sh"
command -v wrk >/dev/null 2>&1 || { echo "bench: wrk is needed (apt-get install wrk)"; exit 1; }

dir=$(mktemp -d /tmp/inventui-bench-XXXXXX)
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

# No per-user rate limit: the bench is one user on purpose.
printf '[server]\nthreads = %s\nrate_limit = 0\n' "${BENCH_SERVER_THREADS:-0}" > "$dir/bench.conf"
"$bin" serve --listen 127.0.0.1:0 --data-dir "$dir/data" --config "$dir/bench.conf" \
    > "$dir/server.out" 2> /dev/null &
server_pid=$!
i=0
until grep -q 'listening on' "$dir/server.out" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 200 ] && { echo "bench: server did not start"; exit 1; }
    sleep 0.05
done
base=$(sed -n 's/.*listening on \(http:\/\/[0-9.]*:[0-9]*\).*/\1/p' "$dir/server.out")
curl_() { curl -s --noproxy '*' "$@"; }
client_id=$(curl_ "$base/config" | sed -n 's/.*"clientId":"\([^"]*\)".*/\1/p')

printf 'Bench-Passw0rd\n' | "$bin" user add bench@inventui.local --password-stdin \
    --group admin --data-dir "$dir/data" > /dev/null
token=$(curl_ -X POST "$base/" \
    -H 'Content-Type: application/x-amz-json-1.1' \
    -H 'X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth' \
    -d "{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":\"$client_id\",\"AuthParameters\":{\"USERNAME\":\"bench@inventui.local\",\"PASSWORD\":\"Bench-Passw0rd\"}}" \
    | sed -n 's/.*"IdToken":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "bench: sign-in failed"; exit 1; }

# 1,000 products through the API (16 requests in parallel).
cats="electronics clothing home sports books toys food other"
: > "$dir/products.curl"
n=0
while [ $n -lt 1000 ]; do
    cat=$(echo $cats | cut -d' ' -f$((n % 8 + 1)))
    [ $n -gt 0 ] && echo next >> "$dir/products.curl"
    cat >> "$dir/products.curl" <<CFG
url = "$base/products"
header = "Authorization: Bearer $token"
header = "Content-Type: application/json"
data = "{\\"name\\":\\"Bench product $n\\",\\"description\\":\\"A product made by make bench\\",\\"category\\":\\"$cat\\",\\"price\\":$((n + 100)),\\"quantity\\":1000000,\\"sku\\":\\"BENCH-$n\\"}"
output = "/dev/null"
CFG
    n=$((n + 1))
done
curl_ --no-progress-meter --parallel --parallel-max 16 -K "$dir/products.curl"
count=$(curl_ -H "Authorization: Bearer $token" "$base/products?limit=100" | grep -o '"sku"' | wc -l)
[ "$count" -eq 100 ] || { echo "bench: products were not created"; exit 1; }
product=$(curl_ -H "Authorization: Bearer $token" "$base/products?limit=1" \
    | sed -n 's/.*"items":\[{"id":"\([^"]*\)".*/\1/p')
[ -n "$product" ] || { echo "bench: cannot read a product id"; exit 1; }

export BENCH_TOKEN="$token" BENCH_PRODUCT="$product"
run() { # name url [script]
    name=$1 url=$2 script=${3:-}
    set -- -t"$threads" -c"$conns" --latency
    [ -n "$script" ] && set -- "$@" -s "$here/$script"
    wrk "$@" -d2s "$url" > /dev/null          # warm-up
    wrk "$@" -d"${secs}s" "$url" > "$dir/wrk.out"
    rps=$(awk '/^Requests\/sec/ {print $2}' "$dir/wrk.out")
    p50=$(awk '$1 == "50%" {print $2}' "$dir/wrk.out")
    p99=$(awk '$1 == "99%" {print $2}' "$dir/wrk.out")
    errs=$(awk '/Non-2xx|Socket errors/' "$dir/wrk.out")
    printf '%-28s %10s req/s   p50 %-9s p99 %-9s %s\n' "$name" "$rps" "$p50" "$p99" "$errs"
}

# Orders confirmed end to end: $orders orders of one unit posted 16 at a
# time with curl, timed from the first POST until GET /admin/queues shows
# nothing visible or in flight; the figure is confirmation mails in the
# spool over that time. Median of 3 runs. Before the wrk POST run, whose
# backlog the worker would otherwise still be working off.
queue_busy() {
    q=$(curl_ -H "Authorization: Bearer $token" "$base/admin/queues")
    v=$(echo "$q" | sed -n 's/.*"visible":\([0-9]*\).*/\1/p')
    f=$(echo "$q" | sed -n 's/.*"inFlight":\([0-9]*\).*/\1/p')
    [ -n "$v" ] && [ -n "$f" ] || { echo "bench: bad /admin/queues answer: $q" >&2; exit 1; }
    echo $((v + f))
}
mails() { ls "$dir/data/mail" | grep -c '^order-confirmation-.*\.eml$' || true; }
pipeline() {
    orders=$1
    : > "$dir/orders.curl"
    n=0
    while [ $n -lt "$orders" ]; do
        [ $n -gt 0 ] && echo next >> "$dir/orders.curl"
        printf 'url = "%s/orders"\nheader = "Authorization: Bearer %s"\nheader = "Content-Type: application/json"\ndata = "{\\"productId\\":\\"%s\\",\\"quantity\\":1}"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' \
            "$base" "$token" "$product" >> "$dir/orders.curl"
        n=$((n + 1))
    done
    : > "$dir/rates"
    for run in 1 2 3; do
        before=$(mails)
        t0=$(date +%s%N)
        curl_ --no-progress-meter --parallel --parallel-max 16 -K "$dir/orders.curl" > "$dir/codes"
        created=$(grep -c '^201$' "$dir/codes" || true)
        [ "$created" -eq "$orders" ] || { echo "bench: only $created of $orders orders created"; exit 1; }
        i=0
        while :; do
            busy=$(queue_busy) # set -e: a bad answer ends the bench
            [ "$busy" -eq 0 ] && break
            i=$((i + 1)); [ $i -gt 6000 ] && { echo "bench: the queue did not drain"; exit 1; }
            sleep 0.01
        done
        t1=$(date +%s%N)
        confirmed=$(( $(mails) - before ))
        [ "$confirmed" -eq "$orders" ] || { echo "bench: $confirmed of $orders orders confirmed"; exit 1; }
        awk -v n="$confirmed" -v ns=$((t1 - t0)) 'BEGIN {printf "%.0f\n", n / (ns / 1e9)}' >> "$dir/rates"
    done
    median=$(sort -n "$dir/rates" | sed -n 2p)
    printf '%-28s %10s orders/s  (runs: %s; %s orders each)\n' "orders confirmed end to end" \
        "$median" "$(sort -n "$dir/rates" | tr '\n' ' ' | sed 's/ $//')" "$orders"
}

echo "inventui bench: $conns connections, $threads wrk threads, ${secs}s each, $(nproc) CPUs"
run "GET /health" "$base/health"
run "GET /products?limit=20" "$base/products?limit=20" auth.lua
pipeline "${BENCH_PIPELINE_ORDERS:-2000}"
run "POST /orders (sync FULL)" "$base/orders" order.lua
export BENCH_KEY=fresh
run "POST /orders, new key each" "$base/orders" order_key.lua
export BENCH_KEY=same
run "POST /orders, replayed key" "$base/orders" order_key.lua

# The pipeline at a steady rate: orders posted at STEADY_RATE a second,
# each one's confirmation mail watched for on the spool (tests/bench/
# steady.c, built by make bench as $INVENTUI_STEADY). Last, so the queue
# it leaves behind slows nothing after it.
steady_pipeline() {
    steady=${INVENTUI_STEADY:-$(dirname "$bin")/tests/steady}
    [ "${STEADY_SECONDS:-30}" -gt 0 ] || return 0 # STEADY_SECONDS=0: skipped
    [ -x "$steady" ] || { echo "bench: $steady is missing (make bench builds it)"; return 0; }
    # Start from an empty queue: the POST runs above leave a backlog.
    i=0
    while [ "$(queue_busy)" -gt 0 ]; do
        i=$((i + 1)); [ $i -gt 1800 ] && { echo "bench: the queue did not drain before the steady run"; return 0; }
        sleep 0.1
    done
    "$steady" -r "${STEADY_RATE:-1000}" -s "${STEADY_SECONDS:-30}" \
        -c "${STEADY_CONNECTIONS:-64}" -t "$token" -p "$product" \
        -m "$dir/data/mail" "$base" || echo "bench: steady: not every order was created and confirmed"
}
steady_pipeline
