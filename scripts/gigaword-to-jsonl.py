#!/usr/bin/env python3
"""Turn PETRARCH's GigaWord sample into dyad JSON Lines articles.

Usage:
    scripts/gigaword-to-jsonl.py [XML] [-o OUT]

XML defaults to ../shared/data/petrarch2/text/GigaWord.sample.PETR.xml and
OUT to /tmp/gigaword.jsonl. The output holds news text that is not ours:
write it outside the repository and never commit it.

One article per <Sentence> record, so that `dyad code OUT` codes each
record from its raw text (the <Parse> is not used):

- `id`: the record id (`AFP0808020625_4`). The sample holds one id twice
  (`GOLD_9`); the second and later records with an id get `#2`, `#3`...
  appended, in file order. eval/gold/gigaword.tsv uses the same ids.
- `date`: the record's `date` (YYYYMMDD) as YYYY-MM-DD.
- `source`: the record's `source`, else `gigaword-sample`.
- `title`: null (the records have none).
- `text`: the record's <Text> with each run of white space (the file wraps
  lines) replaced by one space, the Penn Treebank quote tokens of the
  sample (``  and '') turned back into plain double quotes (`giant`` Free
  Tibet'' banners` is `giant "Free Tibet" banners`), and the ends trimmed.
  Records with empty text are written too (dyad reports them as having no
  events).

Python 3 standard library only.
"""

import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET

DEFAULT_XML = "../shared/data/petrarch2/text/GigaWord.sample.PETR.xml"


def records(path):
    """Yield (id, date, source, text) for each record, ids made unique."""
    seen = {}
    for sentence in ET.parse(path).getroot().iter("Sentence"):
        rid = sentence.get("id", "")
        seen[rid] = seen.get(rid, 0) + 1
        if seen[rid] > 1:
            rid = f"{rid}#{seen[rid]}"
        raw = sentence.get("date", "")
        date = f"{raw[0:4]}-{raw[4:6]}-{raw[6:8]}" if re.fullmatch(r"\d{8}", raw) else None
        node = sentence.find("Text")
        text = re.sub(r"\s+", " ", node.text or "") if node is not None else ""
        text = re.sub(r"\s*``\s*", ' "', text)
        text = re.sub(r"\s*''", '"', text).strip()
        yield rid, date, sentence.get("source") or "gigaword-sample", text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("xml", nargs="?", default=DEFAULT_XML)
    parser.add_argument("-o", "--output", default="/tmp/gigaword.jsonl")
    args = parser.parse_args()
    n = 0
    with open(args.output, "w", encoding="utf-8") as out:
        for rid, date, source, text in records(args.xml):
            article = {"id": rid, "url": None, "date": date, "source": source, "title": None, "text": text}
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
            n += 1
    print(f"{args.output}: {n} articles", file=sys.stderr)


if __name__ == "__main__":
    main()
