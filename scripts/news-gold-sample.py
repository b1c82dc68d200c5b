#!/usr/bin/env python3
"""Pick the news sentences annotated in eval/gold/news.tsv.

Usage:
    scripts/news-gold-sample.py [--news DIR] [--every N] [--sentences K] [-o PREFIX]

Reads DIR/news.jsonl and DIR/news.meta.jsonl (default ../shared/data/news)
and writes, outside the repository (the texts are not ours; never commit
them):

- PREFIX.jsonl (default /tmp/news-sample.jsonl): the chosen articles,
  unchanged, one JSON object a line, for `dyad code`;
- PREFIX.sentences.tsv: id, start, end and text of each chosen sentence,
  to annotate and to read the coder's output against.

The rule, deterministic and independent of dyad:

1. Articles in file order whose meta record has `political_heuristic`
   true (the corpus's own rough politics flag: see its SOURCES.md).
2. Of those, every N-th (N = 150 by default), counting from 0: the 0th,
   150th, 300th...
3. In each, the first K sentences (K = 2) of the text, from the splitter
   below. Every chosen sentence is annotated, whether or not it holds an
   event, so the sample has sentences with no event as well.

Sentences: paragraphs are the text split at blank lines; within a
paragraph, a sentence ends at `.`, `!` or `?` (and any closing quotes or
brackets) followed by white space and a capital letter, digit or opening
quote, unless the word before the stop is a common abbreviation (Mr, Gen,
Jan, U.S. ...) or a single capital letter (an initial). Spans are
character (code point) offsets in the `text` field, as in dyad's event
records.

Python 3 standard library only.
"""

import argparse
import json
import re

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "maj", "capt", "sgt",
    "adm", "cmdr", "st", "rev", "sr", "jr", "no", "vs", "inc", "corp", "co", "ltd", "bros", "dept",
    "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "mt", "ft", "pres",
    "u.s", "u.n", "u.k", "e.u", "a.m", "p.m", "d.c", "messrs", "est", "approx",
}

BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def sentences(text):
    """Yield (start, end) of each sentence of `text`."""
    for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        start = para.start()
        while start < para.end() and text[start].isspace():
            start += 1
        pos = start
        for m in BOUNDARY.finditer(text, start, para.end()):
            stop = m.start()
            word = re.search(r"([\w.]+)$", text[pos:stop])
            word = word.group(1).lower() if word else ""
            if word in ABBREVIATIONS or re.fullmatch(r"[a-z]", word):
                continue
            end = m.end()
            while end > stop and text[end - 1].isspace():
                end -= 1
            yield start, end
            start = m.end()
            pos = start
        end = para.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            yield start, end


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--news", default="../shared/data/news")
    parser.add_argument("--every", type=int, default=150)
    parser.add_argument("--sentences", type=int, default=2)
    parser.add_argument("-o", "--output", default="/tmp/news-sample")
    args = parser.parse_args()
    n_political = n_articles = n_sentences = 0
    with open(f"{args.news}/news.jsonl", encoding="utf-8") as news, \
            open(f"{args.news}/news.meta.jsonl", encoding="utf-8") as meta, \
            open(f"{args.output}.jsonl", "w", encoding="utf-8") as out, \
            open(f"{args.output}.sentences.tsv", "w", encoding="utf-8") as tsv:
        for line, meta_line in zip(news, meta):
            article, info = json.loads(line), json.loads(meta_line)
            assert article["id"] == info["id"], (article["id"], info["id"])
            if not info.get("political_heuristic"):
                continue
            n_political += 1
            if (n_political - 1) % args.every:
                continue
            out.write(line if line.endswith("\n") else line + "\n")
            n_articles += 1
            text = article["text"]
            for start, end in list(sentences(text))[: args.sentences]:
                flat = re.sub(r"\s+", " ", text[start:end])
                tsv.write(f"{article['id']}\t{start}\t{end}\t{flat}\n")
                n_sentences += 1
    print(f"{args.output}.jsonl: {n_articles} of {n_political} political articles; "
          f"{args.output}.sentences.tsv: {n_sentences} sentences")


if __name__ == "__main__":
    main()
