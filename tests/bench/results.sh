#!/bin/sh
# make bench's ending (run.sh calls it): prints the ratios under the table
# and writes the whole run as JSON.
#
#   sh results.sh DIR RESULTS_FILE SECONDS CONNECTIONS WRK_THREADS
#                 ROW_SECONDS SERVER_THREADS LOAD_BEFORE
#
# DIR holds run.sh's rows (name, req/s, p50 ms, p99 ms, errors,
# connections, note, requests per CPU-second; tab-separated, "-" for
# none), ratios (what, over) and
# notes (one sentence a line).
set -eu
dir=$1 out=$2 took=$3
commit=$(git -C "$(dirname "$0")" rev-parse --short HEAD 2>/dev/null || echo unknown)
mkdir -p "$(dirname "$out")"

awk -F'\t' -v took="$took" -v conns="$4" -v wthreads="$5" -v secs="$6" \
    -v sthreads="$7" -v load0="$8" \
    -v load1="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" -v commit="$commit" -v cpus="$(nproc)" \
    -v kernel="$(uname -sr)" -v date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    -v out="$out" -v rows="$dir/rows" -v ratios="$dir/ratios" -v notes="$dir/notes" '
    function str(s) {
        gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, " ", s)
        return "\"" s "\""
    }
    function num(s) { return s == "-" || s == "" ? "null" : s + 0 }
    function div(a, b) {
        return a != "" && a != "-" && b != "" && b != "-" && b > 0 ? sprintf("%.2f", a / b) : "-"
    }
    BEGIN {
        while ((getline line < rows) > 0) {
            split(line, f, "\t")
            n++
            name[n] = f[1]; rps[f[1]] = f[2]; cpu[f[1]] = f[8]
            row[n] = sprintf("    {\"name\": %s, \"requests_per_second\": %s, \"p50_ms\": %s, \"p99_ms\": %s, \"errors\": %s, \"connections\": %s, \"requests_per_cpu_second\": %s, \"note\": %s}",
                str(f[1]), num(f[2]), num(f[3]), num(f[4]), num(f[5]), num(f[6]),
                num(f[8]), f[7] == "-" ? "null" : str(f[7]))
        }
        while ((getline line < ratios) > 0) {
            split(line, f, "\t")
            r = div(rps[f[1]], rps[f[2]]); rc = div(cpu[f[1]], cpu[f[2]])
            if (m == 0)
                printf "\nratios, the first over the second:%43s %9s\n", "req/s", "per CPU-s"
            printf "  %-34s / %-40s %5s %9s\n", f[1], f[2], r, rc
            m++
            ratio[m] = sprintf("    {\"what\": %s, \"over\": %s, \"ratio\": %s, \"ratio_per_cpu_second\": %s}",
                str(f[1]), str(f[2]), num(r), num(rc))
        }
        while ((getline line < notes) > 0)
            note[++k] = "    " str(line)

        print "{" > out
        printf "  \"date\": %s,\n  \"commit\": %s,\n", str(date), str(commit) > out
        printf "  \"machine\": {\"cpus\": %d, \"kernel\": %s, \"load_average_before\": %s, \"load_average_after\": %s},\n",
            cpus, str(kernel), str(load0), str(load1) > out
        printf "  \"settings\": {\"connections\": %d, \"wrk_threads\": %d, \"seconds_per_row\": %d, \"server_threads\": %s},\n",
            conns, wthreads, secs, str(sthreads) > out
        printf "  \"wall_seconds\": %d,\n", took > out
        print "  \"rows\": [" > out
        for (i = 1; i <= n; i++) print row[i] (i < n ? "," : "") > out
        print "  ],\n  \"ratios\": [" > out
        for (i = 1; i <= m; i++) print ratio[i] (i < m ? "," : "") > out
        print "  ],\n  \"notes\": [" > out
        for (i = 1; i <= k; i++) print note[i] (i < k ? "," : "") > out
        print "  ]\n}" > out
        printf "\n%d s (load average %s before, %s after); written to %s\n", took, load0, load1, out
    }'
