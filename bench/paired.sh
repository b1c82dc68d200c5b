#!/usr/bin/env bash
# Times two builds of `dyad parse` or `dyad code` against each other on a
# noisy host: each round runs both at once on one thread each, one per core
# (swapping cores every round), and the figure is the median over rounds of
# the ratio of their CPU times (user + system), which moves far less than
# either time alone. For `code`, the two outputs are compared too.
#
# usage: bench/paired.sh parse|code ROUNDS INPUT DYAD_A DYAD_B
# prints: the median CPU seconds of each and the median ratio B / A.
#
# `parse`: the text used in BENCHMARKS.md §4 is the titles and texts of the
# first 3,000,000 bytes of news.jsonl, blank-line separated:
#   head -c 3000000 ../shared/data/news/news.jsonl | python3 -c 'import sys, json
#   for l in sys.stdin:
#       try: d = json.loads(l)
#       except ValueError: continue
#       print(d["text"] + "\n")' > /tmp/news3m.txt
# `code`: the sample used in BENCHMARKS.md §5 (ninth session) is every 4th
# article of news.jsonl:
#   awk 'NR % 4 == 0' ../shared/data/news/news.jsonl > /tmp/news-q.jsonl
set -euo pipefail
mode=$1 rounds=$2 input=$3 a=$4 b=$5
case $mode in
    parse) args=(parse "$input") ;;
    code) args=(code "$input" --threads 1 -q) ;;
    *) echo "usage: bench/paired.sh parse|code ROUNDS INPUT DYAD_A DYAD_B" >&2; exit 2 ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in $(seq "$rounds"); do
    if (( i % 2 )); then ca=1 cb=0; else ca=0 cb=1; fi
    /usr/bin/time -f "%U %S" -o "$tmp/a" taskset -c $ca "$a" "${args[@]}" > "$tmp/a.out" &
    /usr/bin/time -f "%U %S" -o "$tmp/b" taskset -c $cb "$b" "${args[@]}" > "$tmp/b.out" &
    wait
    if [[ $mode == code ]] && ! cmp -s "$tmp/a.out" "$tmp/b.out"; then
        echo "note: the two builds' outputs differ" >&2
    fi
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
