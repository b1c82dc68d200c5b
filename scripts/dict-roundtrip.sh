#!/usr/bin/env bash
# Dictionary conformance, run by .ci/run after the build:
#  1. `dyad dict import` converts both PETRARCH sets in ../shared (the
#     unit-test Validate set and the Phoenix set) into dyad's format, reads
#     the result back and fails unless it compiles to the same dictionaries;
#  2. `dyad dict check` passes on the built-in set, on the Phoenix set
#     (whose own defects are reported, not failed on) and on both imports;
#  3. `dyad dict stats` prints the built-in set's coverage counts.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
DYAD=${DYAD:-target/release/dyad}
dicts="$SHARED/data/petrarch2/dictionaries"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== import: PETR.Validate set"
"$DYAD" dict import "$dicts" -o "$tmp/validate" \
  --verbs PETR.Validate.verbs.txt --actors PETR.Validate.actors.txt \
  --agents PETR.Validate.agents.txt --discards PETR.Validate.discards.txt | tail -2

echo "== import: Phoenix set"
"$DYAD" dict import "$dicts" -o "$tmp/phoenix" | tail -2

echo "== check: built-in set"
"$DYAD" dict check --summary
echo "== check: Phoenix set"
"$DYAD" dict check --summary "$dicts" > "$tmp/check.txt"
head -1 "$tmp/check.txt"
echo "== check: imported sets"
for set in validate phoenix; do
  "$DYAD" dict check --summary "$tmp/$set" > "$tmp/check.txt"
  head -1 "$tmp/check.txt"
done

echo "== coverage: built-in set"
"$DYAD" dict stats --missing
