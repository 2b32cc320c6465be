#!/usr/bin/env python3
"""Ask the scope probes (`bench/questions/scope_probes.txt`) through the real answer path and count, per kind, the
answers that did what the kind wants: O (a time the index's articles can't tell of) and P (an outlet the index lacks,
or an indexed one none of whose stories matches) must abstain; C (answerable controls naming an outlet, a date or a
year) must not. Prints one line per probe (ok / BAD, the answer's start) and the counts.

Usage: python bench/scope_probes.py [FILE] [--corpus ../shared/data/multihoprag/corpus.json]
Uses the same eval index as `newsdesk eval questions`; relative dates are read against the corpus's last day.
"""
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evaluation.multihop import _as_of, ensure_indexed, eval_home  # noqa: E402
from services import Services  # noqa: E402
from settings import Settings  # noqa: E402

WANTS_ABSTAIN = {"O": True, "P": True, "C": False}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(ROOT / "bench/questions/scope_probes.txt"))
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared/data/multihoprag/corpus.json"))
    args = parser.parse_args()
    corpus = Path(args.corpus)
    services = Services(eval_home(Settings(), corpus))
    ensure_indexed(services, corpus)
    as_of = _as_of(corpus)
    counts: dict[str, list[int]] = {}
    for line in Path(args.file).read_text().splitlines():
        if "|" not in line or line.startswith("#"):
            continue
        kind, question = line.split("|", 1)
        answer = services.assistant.ask(question, [], as_of=as_of)
        ok = answer.abstained == WANTS_ABSTAIN[kind]
        tally = counts.setdefault(kind, [0, 0])
        tally[0] += ok
        tally[1] += 1
        print(f"{'ok ' if ok else 'BAD'} {kind} {question} => {answer.text[:120]!r}", flush=True)
    for kind, (ok, total) in counts.items():
        print(f"{kind}: {ok}/{total}")


if __name__ == "__main__":
    main()
