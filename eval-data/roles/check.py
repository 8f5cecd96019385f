#!/usr/bin/env python3
"""Validate the role-statement gold set (statements.jsonl + facts.json).

Usage:
    python check.py [CORPORA_DIR]

CORPORA_DIR defaults to ../../../shared/corpora relative to this file
(i.e. /work/shared/corpora when the repo lives at /work/main).

Checks, for every statement:
  * the article exists in the named corpus and `published` matches its date;
  * text[start:end] equals the recorded person / role text (offsets are Python
    str indices into the article's `text`, end exclusive), spans do not overlap;
  * person_name == person mention text (full name as written);
  * `modifiers` is ["former"] iff the role text contains "former";
  * the person and position are in facts.json, and the person has a term in
    that position that
      - covers the published date (start <= date <= end, end null = ongoing)
        for a plain statement, or
      - ended strictly before the date, with no term covering the date, for a
        "former" statement;
  * a role text containing "acting" matches an acting term (and vice versa);
  * at most 3 statements per article; one split per article; splits alternate
    dev/test over the articles of each corpus sorted by id.
Also checks facts.json for well-formed ISO dates and start <= end.
Exits non-zero on any failure and prints counts.
"""
import collections
import datetime
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def parse_pub(corpus, raw):
    raw = raw.strip()
    if corpus == "reuters-21578.jsonl":  # "26-FEB-1987 15:01:01.79"
        return datetime.datetime.strptime(raw.split()[0], "%d-%b-%Y").date().isoformat()
    return raw[:10]  # "2024-07-16T20:59:18Z?" / "2019-04-10"


def iso(s):
    return datetime.date.fromisoformat(s)


def main():
    corpora_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "shared", "corpora")
    corpora_dir = os.path.normpath(corpora_dir)
    stmts = [json.loads(l) for l in open(os.path.join(HERE, "statements.jsonl"), encoding="utf-8") if l.strip()]
    facts = json.load(open(os.path.join(HERE, "facts.json"), encoding="utf-8"))
    errors = []

    def err(msg):
        errors.append(msg)

    # ---- facts.json sanity
    people = {}
    for p in facts["people"]:
        if p["name"] in people:
            err(f"duplicate person {p['name']}")
        people[p["name"]] = p
        if p.get("qid") and not re.fullmatch(r"Q\d+", p["qid"]):
            err(f"bad qid {p['qid']} for {p['name']}")
        if p.get("qid") and not p.get("qid_evidence"):
            err(f"qid without evidence for {p['name']}")
        for t in p["positions"]:
            try:
                s = iso(t["start"])
                e = iso(t["end"]) if t["end"] else None
            except Exception as ex:  # noqa: BLE001
                err(f"bad date in {p['name']} / {t['position']}: {ex}")
                continue
            if e and e < s:
                err(f"end before start: {p['name']} / {t['position']}")
            if not isinstance(t.get("acting"), bool):
                err(f"acting must be bool: {p['name']} / {t['position']}")
    positions = {}
    for q in facts["positions"]:
        positions[q["name"]] = q
        if q.get("qid") and not re.fullmatch(r"Q\d+", q["qid"]):
            err(f"bad position qid {q['qid']} for {q['name']}")
        if not q.get("aliases") or not q.get("country"):
            err(f"position {q['name']} lacks aliases/country")
    for p in facts["people"]:
        for t in p["positions"]:
            if t["position"] not in positions:
                err(f"{p['name']}: position {t['position']} not in facts positions")
            elif t.get("position_qid") != positions[t["position"]].get("qid"):
                err(f"{p['name']}: position_qid mismatch for {t['position']}")

    # ---- load only the needed articles
    needed = collections.defaultdict(set)
    for s in stmts:
        needed[s["corpus"]].add(s["doc"])
    docs = {}
    for corpus, ids in needed.items():
        path = os.path.join(corpora_dir, corpus)
        with open(path, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                if d["id"] in ids:
                    docs[(corpus, d["id"])] = d
        for i in ids - {k[1] for k in docs if k[0] == corpus}:
            err(f"article {i} not found in {corpus}")

    # ---- statements
    per_doc = collections.Counter()
    doc_split = {}
    for n, s in enumerate(stmts, 1):
        tag = f"#{n} {s['doc'][:50]} {s['person_name']}"
        for k in ["doc", "corpus", "published", "person", "role", "modifiers", "person_name", "position", "expected", "split"]:
            if k not in s:
                err(f"{tag}: missing field {k}")
        d = docs.get((s["corpus"], s["doc"]))
        if d is None:
            continue
        text = d["text"]
        if parse_pub(s["corpus"], d["date"]) != s["published"]:
            err(f"{tag}: published {s['published']} != article date {d['date']}")
        for span in ("person", "role"):
            sp = s[span]
            if text[sp["start"]:sp["end"]] != sp["text"]:
                err(f"{tag}: {span} slice {text[sp['start']:sp['end']]!r} != {sp['text']!r}")
        ps, pe, rs, re_ = s["person"]["start"], s["person"]["end"], s["role"]["start"], s["role"]["end"]
        if not (pe <= rs or re_ <= ps):
            err(f"{tag}: person and role spans overlap")
        if s["person"]["text"] != s["person_name"]:
            err(f"{tag}: person mention is not the full name")
        former = bool(re.search(r"\bformer\b", s["role"]["text"], re.I))
        if (s["modifiers"] == ["former"]) != former or s["modifiers"] not in ([], ["former"]):
            err(f"{tag}: modifiers {s['modifiers']} inconsistent with role text {s['role']['text']!r}")
        if s["expected"] != "supported":
            err(f"{tag}: expected must be 'supported'")
        per_doc[s["doc"]] += 1
        if doc_split.setdefault(s["doc"], s["split"]) != s["split"]:
            err(f"{tag}: article has statements in both splits")

        p = people.get(s["person_name"])
        if p is None:
            err(f"{tag}: person not in facts.json")
            continue
        if s["position"] not in positions:
            err(f"{tag}: position {s['position']} not in facts.json positions")
        terms = [t for t in p["positions"] if t["position"] == s["position"]]
        if not terms:
            err(f"{tag}: no term for {s['position']}")
            continue
        day = iso(s["published"])

        def covers(t):
            return iso(t["start"]) <= day and (t["end"] is None or day <= iso(t["end"]))

        covering = [t for t in terms if covers(t)]
        if former:
            ended = [t for t in terms if t["end"] and iso(t["end"]) < day]
            if covering or not ended:
                err(f"{tag}: 'former' not supported on {day} by terms {terms}")
        else:
            if not covering:
                err(f"{tag}: no term covering {day}: {terms}")
            acting_role = bool(re.search(r"\bacting\b", s["role"]["text"], re.I))
            if covering and acting_role != any(t["acting"] for t in covering):
                err(f"{tag}: acting mismatch (role {s['role']['text']!r})")

    for d, c in per_doc.items():
        if c > 3:
            err(f"{d}: {c} statements (> 3)")
    for corpus in needed:
        ids = sorted(i for i in needed[corpus])
        for i, doc in enumerate(ids):
            want = "dev" if i % 2 == 0 else "test"
            if doc_split.get(doc) != want:
                err(f"{doc}: split {doc_split.get(doc)} != alternating {want}")

    # ---- counts
    print(f"statements: {len(stmts)}   articles: {len(per_doc)}")
    by_c = collections.Counter(s["corpus"] for s in stmts)
    for corpus in sorted(by_c):
        arts = {s["doc"] for s in stmts if s["corpus"] == corpus}
        sp = collections.Counter(s["split"] for s in stmts if s["corpus"] == corpus)
        print(f"  {corpus:22s} statements={by_c[corpus]:3d} articles={len(arts):3d} dev={sp['dev']:3d} test={sp['test']:3d}")
    sp = collections.Counter(s["split"] for s in stmts)
    print(f"  split totals: dev={sp['dev']} test={sp['test']}")
    def is_appositive(s):
        t = docs.get((s["corpus"], s["doc"]), {"text": ""})["text"]
        a, b = sorted([(s["role"]["start"], s["role"]["end"]), (s["person"]["start"], s["person"]["end"])])
        return "," in t[a[1]:b[0]]

    print(f"  former: {sum(1 for s in stmts if s['modifiers'])}   "
          f"appositive: {sum(1 for s in stmts if is_appositive(s))}   "
          f"premodifier: {sum(1 for s in stmts if not is_appositive(s))}")
    print(f"  people: {len(people)} (QIDs: {sum(1 for p in people.values() if p.get('qid'))})   "
          f"positions: {len(positions)} (QIDs: {sum(1 for q in positions.values() if q.get('qid'))})")
    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)")
        for e in errors:
            print("  -", e)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
