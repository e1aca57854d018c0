#!/bin/sh
# make bench: HTTP figures for the bundled server, measured with wrk on
# loopback, printed as a table and written to bench/results.json. Not part
# of make test: numbers depend on the machine.
#
#   GET  /health                     no auth
#   GET  /products?limit=20          signed in, 1,000 products in the store
#   libmicrohttpd, fixed body        tests/bench/mhd_fixed: a response of
#                                    GET /products?limit=20's size built
#                                    per request; the ratio says what
#                                    fraction of it GET /products reaches
#   GET  /products?search=product 123&limit=20
#                                    10,000 products (11 match: the name
#                                    LIKE scans them all); and with
#                                    another N each time (search.lua)
#   orders confirmed end to end      POST to CONFIRMED through the queue
#                                    worker, spool mail sink
#   GET  /orders                     the bench user's newest 20
#   POST /orders                     signed in, synchronous=FULL; then
#                                    the orders it made, confirmed per
#                                    second from its first POST until the
#                                    queue is empty again
#   POST /orders + Idempotency-Key   a new key each time, or one replayed
#   GET  /products?limit=20 + POSTs  the reads again while a second wrk
#                                    posts orders on 16 connections
#   GET  /products?limit=20 + busy loop
#                                    the reads again beside a busy loop at
#                                    nice 19, then at SCHED_IDLE (chrt -i)
#   GET  /products?limit=20 + fdatasync/s
#                                    the reads again beside another process
#                                    writing a 4 KiB page 250 times a second
#                                    (tests/bench/sync_loop.c), made durable
#                                    each time, then not
#   sign-ins                         InitiateAuth, USER_PASSWORD_AUTH
#                                    (scrypt at the default cost)
#   json-server 0.17.4               the same products (1,000, then all
#                                    10,000): /health, ?_limit=20, ?q=;
#                                    skipped with a message without node
#   steady order stream              tests/bench/steady.c: STEADY_RATE
#                                    orders/s (1000) for STEADY_SECONDS (30)
#                                    over STEADY_CONNECTIONS (64); the
#                                    confirmations' p50/p99 and the queue's
#                                    oldest message
#
# Each wrk row runs at $BENCH_CONNECTIONS (64) connections for
# $BENCH_SECONDS (6) seconds after a 1 s warm-up; req/s, p50, p99 and
# errors (non-2xx answers and socket errors) go to the table, with the
# requests per CPU-second of the process answering.
#
#   sh tests/bench/run.sh path/to/inventui path/to/mhd_fixed
#
# BENCH_RESULTS: the JSON file (bench/results.json in the repo);
# BENCH_NODE_DIR: where json-server is installed (npm, pinned version).
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
mhd=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${BENCH_SECONDS:-6}
conns=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
signin_conns=${BENCH_SIGNIN_CONNECTIONS:-8}
results=${BENCH_RESULTS:-$root/bench/results.json}
node_dir=${BENCH_NODE_DIR:-$root/build/bench}
json_server_version=0.17.4
started=$(date +%s)
# Figures on a busy machine are low: the load is kept with them.
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

command -v wrk >/dev/null 2>&1 || INVENTUI_BOOTSTRAP_BENCH=1 sh "$root/tools/bootstrap.sh"
command -v wrk >/dev/null 2>&1 || { echo "bench: wrk is needed (apt-get install wrk)"; exit 1; }

dir=$(mktemp -d /tmp/inventui-bench-XXXXXX)
pids=""
cleanup() {
    for p in $pids; do
        kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
    done
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# until_up FILE: waits for "listening on URL" in FILE and prints URL.
until_up() {
    i=0
    until grep -q 'listening on' "$1" 2>/dev/null; do
        i=$((i + 1)); [ $i -gt 200 ] && { echo "bench: $1: did not start" >&2; return 1; }
        sleep 0.05
    done
    sed -n 's/.*listening on \(http:\/\/[0-9.]*:[0-9]*\).*/\1/p' "$1"
}

# The table: one line per row in $dir/rows, tab-separated: name, req/s,
# p50 ms, p99 ms, errors, connections, note, requests per CPU-second of
# the process measured; "-" where there is none.
: > "$dir/rows"
: > "$dir/ratios"
: > "$dir/notes"
# record NAME REQ/S P50_MS P99_MS ERRORS CONNECTIONS [NOTE [REQ/CPU-S]]:
# one row of the table and results.json, from any tool.
record() {
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" \
        "${7:--}" "${8:--}" >> "$dir/rows"
    printf '%-44s %9s %9s %9s %7s %9s  %s\n' "$1" "$2" "$3" "$4" "$5" "${8:--}" "${7:-}"
}
# skip NAME WHY: a row that could not be measured, and why.
skip() {
    record "$1" - - - - - "skipped: $2"
}
# ratio WHAT OVER: WHAT's req/s divided by OVER's (both rows above), when
# both were measured.
ratio() {
    printf '%s\t%s\n' "$1" "$2" >> "$dir/ratios"
}
# note TEXT: printed, and kept in results.json.
note() {
    echo "bench: $1"
    printf '%s\n' "$1" >> "$dir/notes"
}

# utime + stime of $target_pid in clock ticks (0 when it is gone).
hz=$(getconf CLK_TCK)
cpu_ticks() {
    awk '{print $14 + $15}' "/proc/$target_pid/stat" 2>/dev/null || echo 0
}
# The voluntary and involuntary context switches of $target_pid's
# threads, those still running.
context_switches() {
    cat /proc/"$target_pid"/task/*/status 2>/dev/null |
        awk '/ctxt_switches/ {n += $2} END {print n + 0}'
}

# run NAME URL [SCRIPT] [CONNECTIONS] [WRK FLAGS...]: a wrk row against
# the process $target_pid.
run() {
    name=$1 url=$2 script=${3:-} c=${4:-$conns}
    shift 2; [ $# -gt 0 ] && shift; [ $# -gt 0 ] && shift
    set -- -t"$threads" -c"$c" --latency "$@"
    if [ -n "$script" ]; then set -- "$@" -s "$here/$script"; fi
    wrk "$@" -d"${BENCH_WARMUP:-1}s" "$url" > /dev/null   # warm-up
    # The CPU time the answering process ($target_pid) used in the row:
    # requests per CPU-second vary less than req/s on a shared machine.
    ticks0=$(cpu_ticks)
    wrk "$@" -d"${secs}s" "$url" > "$dir/wrk.out"
    ticks1=$(cpu_ticks)
    # Latencies in ms; errors: non-2xx/3xx answers and socket errors.
    awk -v name="$name" -v c="$c" -v ticks=$((ticks1 - ticks0)) -v hz="$hz" '
        function ms(v) {
            if (v ~ /us$/) return v / 1000
            if (v ~ /ms$/) return v + 0
            if (v ~ /m$/) return v * 60000
            if (v ~ /s$/) return v * 1000
            return "-"
        }
        /requests in/ { done = $1 }
        /^Requests\/sec/ { rps = sprintf($2 < 100 ? "%.1f" : "%.0f", $2) }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        /Non-2xx/ { errs += $NF }
        /Socket errors/ { gsub(",", ""); errs += $4 + $6 + $8 + $10 }
        END {
            # No answer at all: wrk prints latencies of 0.
            p50 = p50 == "" || !done ? "-" : sprintf("%.2f", p50)
            p99 = p99 == "" || !done ? "-" : sprintf("%.2f", p99)
            cpu = ticks > 0 && done ? done / (ticks / hz) : "-"
            if (cpu != "-") cpu = sprintf(cpu < 100 ? "%.1f" : "%.0f", cpu)
            printf "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", name, rps, p50, p99, errs, c, cpu
        }' "$dir/wrk.out" > "$dir/row"
    IFS='	' read -r n rps p50 p99 errs c cpu < "$dir/row"
    record "$n" "$rps" "$p50" "$p99" "$errs" "$c" "${note_next:-}" "$cpu"
    note_next=
}

# One server for every inventui row. No per-user rate limit: the bench is
# one user on purpose. signin_attempts at its maximum: each sign-in counts
# as a failure until its password checks out (then it is given back), so
# concurrent sign-ins of one user would otherwise meet the throttle.
printf '[server]\nthreads = %s\nrate_limit = 0\nsynchronous = FULL\n[auth]\nsignin_attempts = 1000\n' \
    "${BENCH_SERVER_THREADS:-0}" > "$dir/bench.conf"
"$bin" serve --listen 127.0.0.1:0 --data-dir "$dir/data" --config "$dir/bench.conf" \
    > "$dir/server.out" 2> /dev/null &
server_pid=$!
pids="$pids $server_pid"
target_pid=$server_pid
base=$(until_up "$dir/server.out")
curl_() { curl -s --noproxy '*' "$@"; }
client_id=$(curl_ "$base/config" | sed -n 's/.*"clientId":"\([^"]*\)".*/\1/p')

user=bench@inventui.local password=Bench-Passw0rd
printf '%s\n' "$password" | "$bin" user add "$user" --password-stdin \
    --group admin --data-dir "$dir/data" > /dev/null
token=$(curl_ -X POST "$base/" \
    -H 'Content-Type: application/x-amz-json-1.1' \
    -H 'X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth' \
    -d "{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":\"$client_id\",\"AuthParameters\":{\"USERNAME\":\"$user\",\"PASSWORD\":\"$password\"}}" \
    | sed -n 's/.*"IdToken":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "bench: sign-in failed"; exit 1; }

# seed FROM TO: products FROM..TO-1 through the API, 16 requests at a time
# (the curl config is written by one awk, not a shell loop per product).
seed() {
    awk -v from="$1" -v to="$2" -v base="$base" -v token="$token" 'BEGIN {
        split("electronics clothing home sports books toys food other", cats, " ")
        for (n = from; n < to; n++) {
            if (n > from) print "next"
            printf "url = \"%s/products\"\n", base
            printf "header = \"Authorization: Bearer %s\"\n", token
            print "header = \"Content-Type: application/json\""
            printf "data = \"{\\\"name\\\":\\\"Bench product %d\\\",\\\"description\\\":\\\"A product made by make bench\\\",\\\"category\\\":\\\"%s\\\",\\\"price\\\":%d,\\\"quantity\\\":1000000,\\\"sku\\\":\\\"BENCH-%d\\\"}\"\n", n, cats[n % 8 + 1], n + 100, n
            print "output = \"/dev/null\""
            print "write-out = \"%{http_code}\\n\""
        }
    }' > "$dir/products.curl"
    curl_ --no-progress-meter --parallel --parallel-max 16 -K "$dir/products.curl" > "$dir/codes"
    created=$(grep -c '^201$' "$dir/codes" || true)
    [ "$created" -eq $(($2 - $1)) ] || { echo "bench: only $created of $(($2 - $1)) products created"; exit 1; }
}
seed 0 1000
product=$(curl_ -H "Authorization: Bearer $token" "$base/products?limit=1" \
    | sed -n 's/.*"items":\[{"id":"\([^"]*\)".*/\1/p')
[ -n "$product" ] || { echo "bench: cannot read a product id"; exit 1; }

# Orders confirmed end to end: $orders orders of one unit posted 16 at a
# time with curl, timed from the first POST until GET /admin/queues shows
# nothing visible or in flight; the figure is confirmation mails in the
# spool over that time. Median of 3 runs. Before the wrk POST run, whose
# backlog the worker would otherwise still be working off.
queue_busy() {
    q=$(curl_ -H "Authorization: Bearer $token" "$base/admin/queues")
    v=$(echo "$q" | sed -n 's/.*"visible":\([0-9]*\).*/\1/p')
    f=$(echo "$q" | sed -n 's/.*"inFlight":\([0-9]*\).*/\1/p')
    if [ -z "$v" ] || [ -z "$f" ]; then echo "bench: bad /admin/queues answer: $q" >&2; exit 1; fi
    echo $((v + f))
}
mails() { ls "$dir/data/mail" | grep -c '^order-confirmation-.*\.eml$' || true; }
pipeline() {
    orders=$1
    awk -v orders="$orders" -v base="$base" -v token="$token" -v product="$product" 'BEGIN {
        for (n = 0; n < orders; n++) {
            if (n > 0) print "next"
            printf "url = \"%s/orders\"\n", base
            printf "header = \"Authorization: Bearer %s\"\n", token
            print "header = \"Content-Type: application/json\""
            printf "data = \"{\\\"productId\\\":\\\"%s\\\",\\\"quantity\\\":1}\"\n", product
            print "output = \"/dev/null\""
            print "write-out = \"%{http_code}\\n\""
        }
    }' > "$dir/orders.curl"
    : > "$dir/rates"
    for _ in 1 2 3; do
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
    record "orders confirmed end to end" "$(sort -n "$dir/rates" | sed -n 2p)" - - 0 16 \
        "orders/s, median of 3 x $orders (runs: $(sort -n "$dir/rates" | tr '\n' ' ' | sed 's/ $//'))"
}

# libmicrohttpd alone answering SIZE bytes: the ceiling for GET /products.
mhd_row() {
    size=$1
    if [ -z "$mhd" ] || [ ! -x "$mhd" ]; then
        skip "libmicrohttpd, fixed body" "no mhd_fixed binary (make bench builds it)"
        return 0
    fi
    # One thread per CPU, as the server's HTTP pool (or the pool asked of
    # the server with BENCH_SERVER_THREADS).
    t=${BENCH_MHD_THREADS:-${BENCH_SERVER_THREADS:-0}}
    [ "$t" -gt 0 ] || t=$(nproc)
    "$mhd" "$size" "$t" > "$dir/mhd.out" 2>&1 &
    mhd_pid=$!
    pids="$pids $mhd_pid"
    mhd_base=$(until_up "$dir/mhd.out")
    note_next="same $size-byte body, $t threads"
    target_pid=$mhd_pid
    run "libmicrohttpd, fixed body" "$mhd_base/"
    target_pid=$server_pid
    kill "$mhd_pid"; wait "$mhd_pid" 2>/dev/null || true
    ratio "GET /products?limit=20" "libmicrohttpd, fixed body"
}

# json-server (npm, pinned) serving the same products: installed under
# $node_dir once, only when node is there.
json_server() {
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        note "json-server rows skipped: node (and npm) are not installed (apt-get install nodejs npm)"
        return 1
    fi
    js=$node_dir/node_modules/json-server
    have=$(node -p "require('$js/package.json').version" 2>/dev/null || true)
    if [ "$have" != "$json_server_version" ]; then
        echo "bench: installing json-server $json_server_version under $node_dir"
        mkdir -p "$node_dir"
        # Bounded: a registry that does not answer must not eat the
        # bench's five minutes (npm's own fetch timeout is 5).
        if ! timeout 90 npm install --prefix "$node_dir" --no-audit --no-fund \
                --no-save --fetch-retries=1 --fetch-timeout=20000 \
                "json-server@$json_server_version" > "$dir/npm.out" 2>&1; then
            why=$(grep -m1 -i 'error code\|ERR!' "$dir/npm.out" || tail -1 "$dir/npm.out")
            note "json-server rows skipped: npm could not install json-server@$json_server_version ($why)"
            return 1
        fi
    fi
    node "$here/jsonserver_db.js" "$base" "$token" "$dir" > /dev/null 2> "$dir/db.err" ||
        { note "json-server rows skipped: $(cat "$dir/db.err")"; return 1; }
}
# js_start DB: json-server on a free loopback port; its URL in $js_base.
js_start() {
    port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    node "$js/lib/cli/bin.js" --host 127.0.0.1 --port "$port" --read-only --quiet "$1" \
        > "$dir/js.out" 2>&1 &
    js_pid=$!
    pids="$pids $js_pid"
    target_pid=$js_pid
    js_base=http://127.0.0.1:$port
    i=0
    until curl_ -f -o /dev/null "$js_base/health"; do
        i=$((i + 1)); [ $i -gt 300 ] && { echo "bench: json-server did not start:"; cat "$dir/js.out"; exit 1; }
        sleep 0.05
    done
}
js_stop() {
    kill "$js_pid"; wait "$js_pid" 2>/dev/null || true
    target_pid=$server_pid
}

server_threads=${BENCH_SERVER_THREADS:-0}
[ "$server_threads" = 0 ] && server_threads="the default"
echo "inventui bench: $conns connections, $threads wrk threads, ${secs}s each, $(nproc) CPUs, server threads: $server_threads, load average $load_before"
printf '%-44s %9s %9s %9s %7s %9s\n' "" "req/s" "p50 ms" "p99 ms" "errors" "req/CPU-s"
export BENCH_TOKEN="$token" BENCH_PRODUCT="$product"
run "GET /health" "$base/health"
note_next="1,000 products"
run "GET /products?limit=20" "$base/products?limit=20" auth.lua
mhd_row "$(curl_ -o /dev/null -w '%{size_download}' -H "Authorization: Bearer $token" "$base/products?limit=20")"
seed 1000 10000
search="search=product%20123&limit=20"
note_next="10,000 products, 11 match"
run "GET /products?search=product 123" "$base/products?$search" auth.lua
# The same with another number each request: no page kept from before
# (a page is kept per connection while nothing is written).
note_next="10,000 products, a new term each time"
run "GET /products?search=product N" "$base/products" search.lua
pipeline "${BENCH_PIPELINE_ORDERS:-1000}"
note_next="newest 20 of $(mails) orders"
run "GET /orders" "$base/orders" auth.lua
# Does the pipeline keep pace with POST? Every order the POST row makes
# (warm-up too) counted from its first POST until the queue is empty
# again: the same rate as the row's when the worker keeps up.
before=$(mails)
t0=$(date +%s%N)
run "POST /orders (sync FULL)" "$base/orders" order.lua
t1=$(date +%s%N)
i=0
while [ "$(queue_busy)" -gt 0 ]; do
    i=$((i + 1)); [ $i -gt 1200 ] && { echo "bench: the queue did not drain after the POST row"; exit 1; }
    sleep 0.05
done
t2=$(date +%s%N)
confirmed=$(( $(mails) - before ))
record "orders confirmed, POST row's" \
    "$(awk -v n="$confirmed" -v ns=$((t2 - t0)) 'BEGIN {printf "%.0f", n / (ns / 1e9)}')" \
    - - 0 "$conns" "$confirmed orders; the queue empty $(awk -v ns=$((t2 - t1)) 'BEGIN {printf "%.2f", ns / 1e9}') s after the last POST"
export BENCH_KEY=fresh
run "POST /orders, new key each" "$base/orders" order_key.lua
export BENCH_KEY=same
run "POST /orders, replayed key" "$base/orders" order_key.lua

# Reads while writes wait for their group commits: the GET row again, with
# a second wrk posting orders on 16 more connections the whole time (each
# commit also makes the next page a fresh read, not a kept one).
wrk -t1 -c16 -d"$((secs + ${BENCH_WARMUP:-1} + 2))s" -s "$here/order.lua" \
    "$base/orders" > "$dir/wrk-bg.out" &
bg_pid=$!
pids="$pids $bg_pid"
note_next="1,000 products; orders posting beside it"
run "GET /products?limit=20 + POSTs" "$base/products?limit=20" auth.lua
wait "$bg_pid" || true
note "beside the reads, POST /orders ran at $(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$dir/wrk-bg.out")/s on 16 connections"
# Controls for the row above, each sharing nothing with the server but the
# machine. First the same reads beside one busy loop that does no I/O, at
# nice 19, then at SCHED_IDLE, the lowest priorities there are: on the
# 2-CPU machine this was written on, either loop took the reads' p99 from
# about 4.5 ms to 7-8 ms, most of what the POSTs cost them (8-11 ms).
# busy_row NAME COMMAND...: the row with COMMAND running a busy loop.
busy_row() {
    name="GET /products?limit=20 + busy loop, $1"
    shift
    "$@" sh -c 'while :; do :; done' &
    busy_pid=$!
    pids="$pids $busy_pid"
    note_next="1,000 products; a shell loop beside it ($*)"
    run "$name" "$base/products?limit=20" auth.lua
    kill "$busy_pid" 2>/dev/null; wait "$busy_pid" 2>/dev/null || true
}
busy_row "nice 19" nice -n 19
if command -v chrt >/dev/null 2>&1; then
    busy_row SCHED_IDLE chrt -i 0
else
    skip "GET /products?limit=20 + busy loop, SCHED_IDLE" "chrt (util-linux) is not installed"
fi
# Then beside another process that makes a page durable 250 times a
# second, about as often as the POSTs' commits and mail files are synced,
# and the same process without the fdatasync. On that machine (a virtual
# disk) the syncs alone took the reads' p99 from 2.9-5.0 ms to 5.2-7.1 ms,
# the loop without them 3.8-4.9 ms: even a light order stream (100/s,
# 2-3% of a CPU) costs the reads' tail about that much, from its fsyncs.
sync_loop=${INVENTUI_SYNC_LOOP:-$(dirname "$bin")/tests/sync_loop}
# sync_row NAME NOTE [nosync]: the row beside sync_loop.
sync_row() {
    name="GET /products?limit=20 + $1"
    note_next="1,000 products; $2"
    shift 2
    "$sync_loop" 250 "$dir/sync-loop.bin" "$@" &
    sync_pid=$!
    pids="$pids $sync_pid"
    run "$name" "$base/products?limit=20" auth.lua
    kill "$sync_pid" 2>/dev/null; wait "$sync_pid" 2>/dev/null || true
}
if [ -x "$sync_loop" ]; then
    sync_row "250 fdatasync/s" "another process syncing a page 250 times a second"
    sync_row "250 writes/s, no sync" "the same process without the fdatasync" nosync
else
    skip "GET /products?limit=20 + 250 fdatasync/s" "no sync_loop binary (make bench builds it)"
    skip "GET /products?limit=20 + 250 writes/s, no sync" "no sync_loop binary (make bench builds it)"
fi
export BENCH_CLIENT_ID="$client_id" BENCH_USER="$user" BENCH_PASSWORD="$password"
note_next="scrypt, default cost"
run "sign-ins (InitiateAuth)" "$base/" signin.lua "$signin_conns" --timeout 10s

if json_server; then
    js_start "$dir/db-1000.json"
    note_next="1,000 products"
    run "json-server GET /health" "$js_base/health"
    note_next="1,000 products"
    run "json-server GET /products?_limit=20" "$js_base/products?_limit=20"
    js_stop
    js_start "$dir/db-all.json"
    # About 50 ms a request on node's one thread (much more on a busy
    # machine): 64 connections would queue past the row's end, and their
    # req/s would be the same as 8's.
    note_next="10,000 products, 11 match, one thread"
    run "json-server GET /products?q=product 123" \
        "$js_base/products?q=product%20123&_limit=20" "" 8 --timeout 10s
    js_stop
else
    for r in "GET /health" "GET /products?_limit=20" "GET /products?q=product 123"; do
        skip "json-server $r" "no node or no json-server"
    done
fi
ratio "orders confirmed, POST row's" "POST /orders (sync FULL)"
ratio "GET /health" "json-server GET /health"
ratio "GET /products?limit=20" "json-server GET /products?_limit=20"
# json-server keeps nothing between requests: set it beside the row
# whose every search is a fresh one.
ratio "GET /products?search=product N" "json-server GET /products?q=product 123"

# The pipeline at a steady rate: orders posted at STEADY_RATE a second,
# each one's confirmation mail watched for on the spool (tests/bench/
# steady.c, built by make bench as $INVENTUI_STEADY). Its POST -> CONFIRMED
# and 201 -> CONFIRMED (the pipeline alone) go to the table, with the
# orders per CPU-second of the server; the queue's oldest message, the
# orders lost, and the server's CPU time and context switches per order
# are the note.
steady_pipeline() {
    steady=${INVENTUI_STEADY:-$(dirname "$bin")/tests/steady}
    name="steady ${STEADY_RATE:-1000}/s x ${STEADY_SECONDS:-30} s"
    if [ "${STEADY_SECONDS:-30}" -le 0 ]; then skip "$name" "STEADY_SECONDS=0"; return 0; fi
    [ -x "$steady" ] || { skip "$name" "$steady is missing (make bench builds it)"; return 0; }
    # Start from an empty queue: the POST runs above leave a backlog.
    i=0
    while [ "$(queue_busy)" -gt 0 ]; do
        i=$((i + 1)); [ $i -gt 1800 ] && { skip "$name" "the queue did not drain first"; return 0; }
        sleep 0.1
    done
    ticks0=$(cpu_ticks) switches0=$(context_switches)
    "$steady" -r "${STEADY_RATE:-1000}" -s "${STEADY_SECONDS:-30}" \
        -c "${STEADY_CONNECTIONS:-64}" -t "$token" -p "$product" \
        -m "$dir/data/mail" "$base" > "$dir/steady.out" ||
        note "steady: not every order was created and confirmed"
    ticks1=$(cpu_ticks) switches1=$(context_switches)
    sed 's/^/    /' "$dir/steady.out"
    achieved=$(sed -n 's/.*achieved \([0-9]*\) orders.*/\1/p' "$dir/steady.out")
    lost=$(sed -n 's/^ *lost \([0-9]*\).*/\1/p' "$dir/steady.out")
    oldest=$(sed -n 's/.*oldest message on the queue: max \([0-9]*\) ms.*/\1/p' "$dir/steady.out")
    e2e=$(sed -n 's/.*POST -> CONFIRMED *p50 \([0-9.]*\) ms *p99 \([0-9.]*\) ms.*/\1 \2/p' "$dir/steady.out")
    pipe=$(sed -n 's/.*201 -> CONFIRMED *p50 \([0-9.]*\) ms *p99 \([0-9.]*\) ms.*/\1 \2/p' "$dir/steady.out")
    # Every order of the run is confirmed before steady exits, so the
    # server's CPU time in it is what its orders cost, end to end.
    per_order=$(awk -v t=$((ticks1 - ticks0)) -v hz="$hz" \
        -v n="$(awk -v r="${STEADY_RATE:-1000}" -v s="${STEADY_SECONDS:-30}" 'BEGIN {print int(r * s)}')" \
        -v s=$((switches1 - switches0)) 'BEGIN {
            if (t <= 0 || n <= 0) { print "- - -"; exit }
            printf "%.0f %.0f %.1f", n / (t / hz), t / hz / n * 1e6, s / n }')
    set -- $per_order
    record "$name, POST->CONFIRMED" "${achieved:--}" "${e2e%% *}" "${e2e##* }" "${lost:--}" \
        "${STEADY_CONNECTIONS:-64}" "oldest on the queue ${oldest:-?} ms; errors = lost; an order: server CPU $2 us, $3 context switches (long-lived threads)" "$1"
    record "$name, 201->CONFIRMED" "${achieved:--}" "${pipe%% *}" "${pipe##* }" "${lost:--}" \
        "${STEADY_CONNECTIONS:-64}" "the pipeline alone"
}
steady_pipeline

# More rows go here: one call to run (a wrk row) or record (any tool's
# figures) lands in the table and in results.json.

took=$(($(date +%s) - started))
sh "$here/results.sh" "$dir" "$results" "$took" "$conns" "$threads" "$secs" \
    "$server_threads" "$load_before"
