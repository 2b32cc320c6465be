#!/usr/bin/env python3
"""Verify the natural-language question set against the news corpus.

Usage:
    python bench/questions/verify.py [--corpus PATH] [--min-items N] [--min-abstain N] [FILE]

Defaults (relative to the repository root):
    --corpus ../shared/data/multihoprag/corpus.json
    FILE     bench/questions/natural.jsonl

Checks every item (see bench/questions/README.md for the schema), prints a
per-kind / per-half count table, and exits non-zero listing every failing item.

A file whose items are all half C (the held-out set, natural_c.jsonl), all
half D (natural_d.jsonl), all half F (natural_f.jsonl), all half I
(natural_i.jsonl), or all half J (natural_j.jsonl), is checked the same way,
except that it needs at least
MIN_ITEMS_C items and MIN_ABSTAIN_C abstain items, and every kind in that half
(not A and B).
A file whose items are all half E (the follow-up development set,
natural_e.jsonl) needs at least MIN_ITEMS_E items and MIN_ABSTAIN_E abstain
items, and only the kinds in E_KINDS (followup and unanswerable, both present).
Every half-E item is a follow-up: it needs 1-2 earlier user turns in history,
unanswerable ones included, and an unanswerable missing_detail item needs a
related_url.
A file whose items are all half K (the second follow-up development set,
natural_k.jsonl) is checked like an all-E file, except that it needs at least
MIN_ITEMS_K items and MIN_ABSTAIN_K abstain items, and its unanswerable items
may be standalone (0-2 earlier user turns); its followup items still need 1-2.
A file whose items are all half M (the third follow-up development set,
natural_m.jsonl) is checked like an all-K file, except that it needs at least
MIN_ITEMS_M items and MIN_ABSTAIN_M abstain items.
A file whose items are all half G (the fact-question development set,
natural_g.jsonl) is checked like a held-out file, except that it needs at least
MIN_ITEMS_G items and MIN_ABSTAIN_G abstain items, and only the kinds in G_KINDS
(when, who, how_many, how_much and unanswerable, all present). A file whose items
are all half H (natural_h.jsonl) is checked the same way with the kinds in
H_KINDS (said, why, where, followup, two_article and unanswerable, all present).
--min-items / --min-abstain override the minimums for any file.
Standard library only.
"""
import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO_ROOT / ".." / "shared" / "data" / "multihoprag" / "corpus.json"
DEFAULT_FILE = REPO_ROOT / "bench" / "questions" / "natural.jsonl"

KINDS = [
    "who", "when", "where", "how_many", "how_much", "why", "said", "outlet",
    "date", "followup", "two_article", "yesno", "unanswerable",
]
HALVES = ("A", "B")  # a normal file needs every kind in both
HELD_OUT_HALVES = ("C", "D", "F", "I", "J")  # held-out files written later (all items C, all D, all F, all I, or all J)
DEV_HALVES = ("E", "K", "M")  # follow-up development sets (all items E, all items K, or all items M)
HISTORY_HALVES = ("E",)  # dev halves whose unanswerable items need 1-2 history turns too (K's and M's may have 0-2)
E_KINDS = ("followup", "unanswerable")  # the only kinds in half E, and both required
G_KINDS = ("when", "who", "how_many", "how_much", "unanswerable")  # the only kinds in half G, all required
H_KINDS = ("said", "why", "where", "followup", "two_article", "unanswerable")  # the only kinds in half H
# development sets of a few kinds (all items G: fact questions; all items H: quotes, reasons, places,
# follow-ups and two-article questions), each with only its kinds, all required
L_KINDS = ("when", "who", "where", "how_many", "how_much", "why", "said", "unanswerable")  # half L: fact questions
LIMITED_KINDS = {"G": G_KINDS, "H": H_KINDS, "L": L_KINDS}
FACT_HALVES = tuple(LIMITED_KINDS)
ALL_HALVES = HALVES + HELD_OUT_HALVES + DEV_HALVES + FACT_HALVES
UNANSWERABLE_TYPES = {"fictional", "not_covered", "outlet", "out_of_range", "missing_detail"}
REQUIRED = ("id", "kind", "question", "expected", "abstain", "absent_terms", "half")
GENERIC_ANSWERS = {"yes", "no", "the company", "true", "false"}
MIN_ITEMS = 150
MIN_ABSTAIN = 30
MIN_ITEMS_C, MIN_ABSTAIN_C = 60, 8  # for a file whose items are all half C (or all D, all F, all I, or all J)
MIN_ITEMS_E, MIN_ABSTAIN_E = 40, 4  # for a file whose items are all half E
MIN_ITEMS_K, MIN_ABSTAIN_K = 80, 30  # for a file whose items are all half K
MIN_ITEMS_M, MIN_ABSTAIN_M = 80, 20  # for a file whose items are all half M
DEV_MINIMUMS = {"E": (MIN_ITEMS_E, MIN_ABSTAIN_E), "K": (MIN_ITEMS_K, MIN_ABSTAIN_K),
                "M": (MIN_ITEMS_M, MIN_ABSTAIN_M)}
MIN_ITEMS_G, MIN_ABSTAIN_G = 60, 8  # for a file whose items are all half G
MIN_ITEMS_L, MIN_ABSTAIN_L = 80, 12  # for a file whose items are all half L
EVIDENCE_MIN, EVIDENCE_MAX = 20, 120
ANSWER_WINDOW = 300  # an answer must occur within this many chars of the evidence


def load_jsonl(path):
    items, errors = [], []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"line {lineno}: invalid JSON ({exc})")
                continue
            if not isinstance(obj, dict):
                errors.append(f"line {lineno}: not a JSON object")
                continue
            obj["_line"] = lineno
            items.append(obj)
    return items, errors


def term_pattern(term):
    return re.compile(r"(?<!\w)" + re.escape(term) + r"(?!\w)", re.IGNORECASE)


def check_expected_entry(entry, by_url, problems, where):
    if not isinstance(entry, dict):
        problems.append(f"{where}: expected entry is not an object")
        return None
    url = entry.get("url")
    answers = entry.get("answers")
    evidence = entry.get("evidence")
    art = by_url.get(url)
    if art is None:
        problems.append(f"{where}: url not in corpus: {url!r}")
    if not isinstance(answers, list) or not 1 <= len(answers) <= 4:
        problems.append(f"{where}: answers must be a list of 1-4 strings")
        answers = answers if isinstance(answers, list) else []
    if not isinstance(evidence, str):
        problems.append(f"{where}: evidence must be a string")
        evidence = None
    elif not EVIDENCE_MIN <= len(evidence) <= EVIDENCE_MAX:
        problems.append(f"{where}: evidence length {len(evidence)} not in {EVIDENCE_MIN}-{EVIDENCE_MAX}")
    if art is None:
        return url
    body = art.get("body") or ""
    full_lower = ((art.get("title") or "") + "\n" + body).lower()
    for ans in answers:
        if not isinstance(ans, str) or not ans.strip():
            problems.append(f"{where}: empty/non-string answer {ans!r}")
            continue
        if ans.strip().lower() in GENERIC_ANSWERS:
            problems.append(f"{where}: generic answer string {ans!r}")
        if ans.lower() not in full_lower:
            problems.append(f"{where}: answer {ans!r} not found in article title/body")
    if evidence is not None:
        pos = body.find(evidence)
        if pos < 0:
            problems.append(f"{where}: evidence not an exact substring of the body: {evidence!r}")
        else:
            lo = max(0, pos - ANSWER_WINDOW)
            hi = pos + len(evidence) + ANSWER_WINDOW
            window = body[lo:hi].lower()
            if answers and not any(isinstance(a, str) and a.lower() in window for a in answers):
                problems.append(f"{where}: no answer string within {ANSWER_WINDOW} chars of the evidence")
    return url


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="path to corpus.json")
    ap.add_argument("file", nargs="?", default=str(DEFAULT_FILE), help="question file (.jsonl)")
    ap.add_argument("--min-items", type=int, default=None,
                    help=f"minimum item count (default {MIN_ITEMS}; {MIN_ITEMS_C} for an all-C, all-D, all-F, "
                         f"all-I or all-J file; {MIN_ITEMS_E} for an all-E file; {MIN_ITEMS_K} for an all-K file; "
                         f"{MIN_ITEMS_M} for an all-M file; {MIN_ITEMS_G} for an all-G file; "
                         f"{MIN_ITEMS_L} for an all-L file)")
    ap.add_argument("--min-abstain", type=int, default=None,
                    help=f"minimum abstain items (default {MIN_ABSTAIN}; {MIN_ABSTAIN_C} for an all-C, all-D, "
                         f"all-F, all-I or all-J file; {MIN_ABSTAIN_E} for an all-E file; {MIN_ABSTAIN_K} for an "
                         f"all-K file; {MIN_ABSTAIN_M} for an all-M file; {MIN_ABSTAIN_G} for an all-G file; "
                         f"{MIN_ABSTAIN_L} for an all-L file)")
    args = ap.parse_args(argv)

    corpus = json.load(open(args.corpus, encoding="utf-8"))
    by_url = {a["url"]: a for a in corpus}
    texts = [(a.get("title") or "") + "\n" + (a.get("body") or "") for a in corpus]

    items, global_errors = load_jsonl(args.file)
    failing = defaultdict(list)  # id -> problems
    seen_ids = Counter(it.get("id") for it in items)
    table = defaultdict(Counter)  # kind -> half -> n
    urls_used = set()
    term_cache = {}

    for it in items:
        iid = it.get("id") or f"<line {it['_line']}>"
        if seen_ids.get(it.get("id"), 0) > 1:
            iid = f"{iid} (line {it['_line']})"
        probs = failing[iid]
        for key in REQUIRED:
            if key not in it:
                probs.append(f"missing field {key!r}")
        if seen_ids.get(it.get("id"), 0) > 1:
            probs.append("duplicate id")
        kind = it.get("kind")
        half = it.get("half")
        if kind not in KINDS:
            probs.append(f"unknown kind {kind!r}")
        if half not in ALL_HALVES:
            probs.append(f"half must be one of {', '.join(ALL_HALVES)}, got {half!r}")
        if half in DEV_HALVES and kind not in E_KINDS:
            probs.append(f"half {half} only has kinds {', '.join(E_KINDS)}, got {kind!r}")
        if half in FACT_HALVES and kind not in LIMITED_KINDS[half]:
            probs.append(f"half {half} only has kinds {', '.join(LIMITED_KINDS[half])}, got {kind!r}")
        table[kind][half] += 1
        q = it.get("question")
        if not isinstance(q, str) or not q.strip():
            probs.append("empty question")
        hist = it.get("history", [])
        if not isinstance(hist, list) or not all(isinstance(h, str) and h.strip() for h in hist):
            probs.append("history must be a list of non-empty strings")
            hist = []
        if kind == "followup" and not 1 <= len(hist) <= 2:
            probs.append("followup needs 1-2 earlier user turns in history (2-3 turn conversation)")
        if half in HISTORY_HALVES:
            # half E: every item is a follow-up turn, unanswerable ones included
            if kind != "followup" and not 1 <= len(hist) <= 2:
                probs.append(f"half {half} items need 1-2 earlier user turns in history")
        elif half in DEV_HALVES:
            # halves K and M: an unanswerable item may be a follow-up turn or stand alone
            if kind != "followup" and len(hist) > 2:
                probs.append(f"half {half} items allow at most 2 earlier user turns in history")
        elif kind != "followup" and hist:
            probs.append("history is only allowed on followup items")
        expected = it.get("expected")
        if not isinstance(expected, list):
            probs.append("expected must be a list")
            expected = []
        abstain = it.get("abstain")
        absent_terms = it.get("absent_terms")
        if not isinstance(absent_terms, list):
            probs.append("absent_terms must be a list")
            absent_terms = []

        if kind == "unanswerable":
            if abstain is not True:
                probs.append("unanswerable items need abstain: true")
            if expected:
                probs.append("unanswerable items need expected: []")
            utype = it.get("unanswerable_type")
            if utype is not None and utype not in UNANSWERABLE_TYPES:
                probs.append(f"unknown unanswerable_type {utype!r}")
            out_of_range = it.get("out_of_range") is True
            if utype == "out_of_range" and not out_of_range:
                probs.append("unanswerable_type out_of_range needs out_of_range: true")
            if not absent_terms and not out_of_range and utype != "missing_detail":
                probs.append("absent_terms required (unless out_of_range or missing_detail)")
            if utype == "missing_detail":
                rel = it.get("related_url")
                if rel is not None and rel not in by_url:
                    probs.append(f"related_url not in corpus: {rel!r}")
                if rel is None and half in DEV_HALVES:
                    probs.append(f"half {half} missing_detail items need a related_url")
            for term in absent_terms:
                if not isinstance(term, str) or not term.strip():
                    probs.append(f"bad absent term {term!r}")
                    continue
                if term not in term_cache:
                    pat = term_pattern(term)
                    term_cache[term] = [corpus[i]["url"] for i, t in enumerate(texts) if pat.search(t)]
                hits = term_cache[term]
                if hits:
                    probs.append(f"absent term {term!r} occurs in {len(hits)} article(s), e.g. {hits[0]}")
        else:
            if abstain is not False:
                probs.append("answerable items need abstain: false")
            if absent_terms:
                probs.append("absent_terms only allowed on unanswerable items")
            want = 2 if kind == "two_article" else 1
            if len(expected) != want:
                entries = "entries" if want > 1 else "entry"
                probs.append(f"{kind} needs exactly {want} expected {entries}, got {len(expected)}")
            ent_urls = []
            for j, entry in enumerate(expected):
                u = check_expected_entry(entry, by_url, probs, f"expected[{j}]")
                ent_urls.append(u)
                if u in by_url:
                    urls_used.add(u)
            if kind == "two_article" and len(set(ent_urls)) != len(ent_urls):
                probs.append("two_article entries must cite two different articles")

    # global checks
    n_items = len(items)
    n_abstain = sum(1 for it in items if it.get("abstain") is True)
    # a held-out file: every item in the same held-out half (C, D, F, I or J)
    held_out = next((h for h in HELD_OUT_HALVES
                     if items and all(it.get("half") == h for it in items)), None)
    # a development file: every item in half E, every item in half K, or every item in half M
    dev = next((h for h in DEV_HALVES
                if items and all(it.get("half") == h for it in items)), None)
    # a fact-question development file: every item in half G
    fact = next((h for h in FACT_HALVES
                 if items and all(it.get("half") == h for it in items)), None)
    if dev:
        default_items, default_abstain = DEV_MINIMUMS[dev]
        required = [(kind, dev) for kind in E_KINDS]
    elif fact:
        default_items, default_abstain = (MIN_ITEMS_L, MIN_ABSTAIN_L) if fact == "L" else (MIN_ITEMS_G, MIN_ABSTAIN_G)
        required = [(kind, fact) for kind in LIMITED_KINDS[fact]]
    elif held_out:
        default_items, default_abstain = MIN_ITEMS_C, MIN_ABSTAIN_C
        required = [(kind, held_out) for kind in KINDS]
    else:
        default_items, default_abstain = MIN_ITEMS, MIN_ABSTAIN
        required = [(kind, half) for kind in KINDS for half in HALVES]
    min_items = args.min_items if args.min_items is not None else default_items
    min_abstain = args.min_abstain if args.min_abstain is not None else default_abstain
    if n_items < min_items:
        global_errors.append(f"only {n_items} items (need >= {min_items})")
    if n_abstain < min_abstain:
        global_errors.append(f"only {n_abstain} abstain items (need >= {min_abstain})")
    for kind, half in required:
        if table[kind][half] == 0:
            global_errors.append(f"half {half} has no {kind!r} items")

    # report
    print(f"file:   {args.file}")
    print(f"corpus: {args.corpus} ({len(corpus)} articles)")
    print()
    # columns C, D, F, E and G only appear when the file has items in them, so the table
    # for natural.jsonl is unchanged
    cols = list(HALVES) + [h for h in HELD_OUT_HALVES + DEV_HALVES + FACT_HALVES if any(table[k][h] for k in table)]
    width = 14 + 5 * len(cols) + 7
    print(f"{'kind':<14}" + "".join(f"{h:>5}" for h in cols) + f"{'total':>7}")
    print("-" * width)
    kinds_seen = KINDS + sorted(k for k in table if k not in KINDS and k is not None)
    for kind in kinds_seen:
        ns = [table[kind][h] for h in cols]
        if any(ns) or kind in KINDS:
            print(f"{kind:<14}" + "".join(f"{n:>5}" for n in ns) + f"{sum(ns):>7}")
    tots = [sum(table[k][h] for k in table) for h in cols]
    print("-" * width)
    print(f"{'total':<14}" + "".join(f"{n:>5}" for n in tots) + f"{sum(tots):>7}")
    print()
    print(f"items: {n_items}  abstain: {n_abstain}  distinct cited articles: {len(urls_used)}")

    bad = {k: v for k, v in failing.items() if v}
    if bad or global_errors:
        print()
        print(f"FAIL: {len(bad)} failing item(s), {len(global_errors)} global problem(s)")
        for iid, probs in bad.items():
            for p in probs:
                print(f"  {iid}: {p}")
        for e in global_errors:
            print(f"  [global] {e}")
        return 1
    print("OK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
