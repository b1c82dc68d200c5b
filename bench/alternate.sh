#!/usr/bin/env bash
# Times two builds of `dyad code` against each other on all cores, as a
# user runs it: each round runs one build, then the other (the order
# swapped every round), each with every core, and the figure is the
# median over rounds of the ratio of their wall times. Where
# bench/paired.sh compares the work per article on one core, this also
# sees how well the cores are kept busy (threads, batching, waiting).
# The two outputs are compared too.
#
# usage: bench/alternate.sh ROUNDS INPUT DYAD_A DYAD_B
# prints: the median wall seconds and CPU use of each and the median
# ratio B / A.
#
# The sample used in BENCHMARKS.md §5 (thirteenth session) is every 4th
# article of news.jsonl:
#   awk 'NR % 4 == 0' ../shared/data/news/news.jsonl > /tmp/news-q.jsonl
set -euo pipefail
rounds=$1 input=$2 a=$3 b=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() {
    /usr/bin/time -f "%e %U %S" -o "$tmp/$2" "$1" code "$input" -q -o "$tmp/$2.out"
}
for i in $(seq "$rounds"); do
    if (( i % 2 )); then run "$a" a; run "$b" b; else run "$b" b; run "$a" a; fi
    if ! cmp -s "$tmp/a.out" "$tmp/b.out"; then
        echo "note: the two builds' outputs differ" >&2
    fi
    echo "$(tail -1 "$tmp/a") $(tail -1 "$tmp/b")"
done | python3 -c '
import statistics, sys
wa, wb, ca, cb, r = [], [], [], [], []
for line in sys.stdin:
    ea, ua, sa, eb, ub, sb = map(float, line.split())
    wa.append(ea); wb.append(eb); ca.append(ua + sa); cb.append(ub + sb); r.append(eb / ea)
print("A median %.3f s (%.0f%% CPU), B median %.3f s (%.0f%% CPU), B/A median %.3f (min %.3f, max %.3f)"
      % (statistics.median(wa), 100 * statistics.median(ca) / statistics.median(wa),
         statistics.median(wb), 100 * statistics.median(cb) / statistics.median(wb),
         statistics.median(r), min(r), max(r)))
'
