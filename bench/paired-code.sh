#!/usr/bin/env bash
# Times two builds of `dyad code` against each other on a noisy host, as
# bench/paired-parse.sh does for `dyad parse`: each round runs both at once
# on one thread each, one per core (swapping cores every round), and the
# figure is the median over rounds of the ratio of their CPU times (user +
# system).
#
# usage: bench/paired-code.sh ROUNDS ARTICLES.jsonl DYAD_A DYAD_B
# prints: the median CPU seconds of each and the median ratio B / A.
#
# The sample used in BENCHMARKS.md §5 (ninth session) is every 4th article
# of news.jsonl:
#   awk 'NR % 4 == 0' ../shared/data/news/news.jsonl > /tmp/news-q.jsonl
set -euo pipefail
rounds=$1 input=$2 a=$3 b=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in $(seq "$rounds"); do
    if (( i % 2 )); then ca=1 cb=0; else ca=0 cb=1; fi
    /usr/bin/time -f "%U %S" -o "$tmp/a" taskset -c $ca "$a" code "$input" --threads 1 -q -o "$tmp/a.jsonl" &
    /usr/bin/time -f "%U %S" -o "$tmp/b" taskset -c $cb "$b" code "$input" --threads 1 -q -o "$tmp/b.jsonl" &
    wait
    cmp -s "$tmp/a.jsonl" "$tmp/b.jsonl" || echo "note: the two builds' outputs differ" >&2
    echo "$(tail -1 "$tmp/a") $(tail -1 "$tmp/b")"
done | python3 -c '
import statistics, sys
a, b, r = [], [], []
for line in sys.stdin:
    ua, sa, ub, sb = map(float, line.split())
    a.append(ua + sa); b.append(ub + sb); r.append((ub + sb) / (ua + sa))
print("A median %.3f s, B median %.3f s, B/A median %.3f (min %.3f, max %.3f)"
      % (statistics.median(a), statistics.median(b), statistics.median(r), min(r), max(r)))
'
