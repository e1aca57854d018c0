#!/bin/sh
# Runs the libFuzzer harnesses built in DIR.
#   run.sh corpus DIR NAME...   each harness once over every file of
#                               tests/fuzz/corpus/NAME (make test)
#   run.sh fuzz DIR NAME...     each harness for $FUZZ_SECONDS (60) on that
#                               corpus dir: new inputs and crashes land there
#   run.sh merge DIR NAME...    shrinks each corpus to the inputs that add
#                               coverage (run before committing one)
# A harness's log goes to DIR/NAME.MODE.log; it is shown when it fails.
set -u
mode=$1
dir=$2
shift 2
secs=${FUZZ_SECONDS:-60}
here=$(dirname "$0")
status=0
for name in "$@"; do
    corpus=$here/corpus/$name
    log=$dir/$name.$mode.log
    mkdir -p "$corpus"
    if [ "$mode" = merge ]; then
        # Keeps the named inputs (hand-written seeds, crash-* regressions)
        # and, of the ones a run added (named by their SHA-1), those that
        # add coverage.
        m=$dir/merge-$name
        rm -rf "$m" && mkdir -p "$m"
        find "$corpus" -type f -regextype posix-extended ! -regex '.*/[0-9a-f]{40}' -exec cp {} "$m"/ \;
        # Edges only (-use_counters=0): hit counts would keep thousands.
        "$dir/fuzz_$name" -merge=1 -use_counters=0 -max_len=4096 "$m" "$corpus" \
            >"$log" 2>&1
        rc=$?
        if [ $rc -eq 0 ]; then
            find "$corpus" -type f -regextype posix-extended -regex '.*/[0-9a-f]{40}' -delete
            cp "$m"/* "$corpus"/
        fi
        result="$(ls "$corpus" | wc -l) inputs kept"
    elif [ "$mode" = corpus ]; then
        # Every file named: each runs once, nothing is written.
        set -- "$corpus"/*
        [ -e "$1" ] || { echo "fuzz $name: empty corpus"; status=1; continue; }
        "$dir/fuzz_$name" -runs=1 "$@" >"$log" 2>&1
        rc=$?
        result="$# inputs"
    else
        dict=
        case $name in
            json_strict|model|cognito|jwt|client) dict=-dict=$here/json.dict ;;
        esac
        # shellcheck disable=SC2086
        "$dir/fuzz_$name" $dict -max_total_time="$secs" -timeout=10 \
            -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
            -artifact_prefix="$corpus/" "$corpus" >"$log" 2>&1
        rc=$?
        result=$(grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added):' "$log" |
                 sed 's/^stat:://' | tr '\n' ' ')
    fi
    if [ $rc -ne 0 ]; then
        echo "fuzz $name: FAILED (exit $rc); the log, $log:"
        tail -n 60 "$log"
        status=1
    else
        echo "fuzz $name: ok, $result"
    fi
done
exit $status
