#!/usr/bin/env python3
"""Write a topic-switch variant of a natural-question file: each item that is not a follow-up asked after
an unrelated first turn — another item's question about another article — as a reader switching topics in one
chat would. Then `newsdesk eval questions OUT` measures what the carried turn costs (bench/RESULTS.md).

Usage: python bench/topic_switch.py bench/questions/natural.jsonl /tmp/switch_ab.jsonl [--seed 7]
Standard library only; the same seed gives the same pairs.
"""
import argparse
import json
import random


def switched(items: list[dict], seed: int) -> list[dict]:
    single = [it for it in items if not it["history"] and it["kind"] != "followup"]
    chooser = random.Random(seed)
    out = []
    for item in single:
        urls = {e["url"] for e in item["expected"]}
        others = [o for o in single if o is not item and not ({e["url"] for e in o["expected"]} & urls)]
        if not others:  # no question about another article: nothing to switch from
            continue
        while True:  # another item's question, about none of this item's articles (drawn as before: same pairs)
            other = chooser.choice(single)
            if other is not item and not ({e["url"] for e in other["expected"]} & urls):
                break
        out.append({**item, "history": [other["question"]]})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with open(args.source, encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    rows = switched(items, args.seed)
    with open(args.out, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(row) + "\n" for row in rows)
    print(f"{len(rows)} items written to {args.out}")


if __name__ == "__main__":
    main()
