#!/usr/bin/env bash
# Times two builds of `dyad parse` against each other on a noisy host: each
# round runs both at once, one on each core (swapping cores every round),
# and the figure is the median over rounds of the ratio of their CPU times
# (user + system), which moves far less than either time alone.
#
# usage: bench/paired-parse.sh ROUNDS TEXT_FILE DYAD_A DYAD_B
# prints: the median CPU seconds of each and the median ratio B / A.
#
# The text used in BENCHMARKS.md §4 is the titles and texts of the first
# 3,000,000 bytes of news.jsonl, blank-line separated:
#   head -c 3000000 ../shared/data/news/news.jsonl | python3 -c 'import sys, json
#   for l in sys.stdin:
#       try: d = json.loads(l)
#       except ValueError: continue
#       print(d["text"] + "\n")' > /tmp/news3m.txt
set -euo pipefail
rounds=$1 text=$2 a=$3 b=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in $(seq "$rounds"); do
    if (( i % 2 )); then ca=1 cb=0; else ca=0 cb=1; fi
    /usr/bin/time -f "%U %S" -o "$tmp/a" taskset -c $ca "$a" parse "$text" > /dev/null &
    /usr/bin/time -f "%U %S" -o "$tmp/b" taskset -c $cb "$b" parse "$text" > /dev/null &
    wait
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
