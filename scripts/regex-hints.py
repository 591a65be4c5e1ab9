#!/usr/bin/env python3
"""Derives config.regex_hints for policies/data.json (see lib.regex_match in policies/lib/lib.rego).

For every regex of the shipped policy (the data strings under keys with "pattern" or "calls",
and the backtick literals given to regex.match/lib.regex_match in the Rego modules) it prints
the lowercase strings of which every match contains one, as JSON {pattern: [hints]}: the
required literal text of each alternative (a prefilter in the manner of RE2's), found from
Python's parse of the pattern. Patterns it cannot read (a flag group in the middle, say) or
that require no literal get no hints, and lib.regex_match then always runs them.

    python3 scripts/regex-hints.py            # prints the object for config.regex_hints

Hints are keyed by the pattern's exact text: after changing a pattern, run this again and
replace config.regex_hints; until then the changed pattern simply has no hints.
"""
import glob
import json
import os
import re
from re import _constants as C
from re import _parser as sp

LIMIT = 64  # the most strings an exact set may hold before it is given up


def best(cands):
    cands = [c for c in cands if c and "" not in c]
    if not cands:
        return None
    return max(cands, key=lambda c: (min(len(s) for s in c), -len(c)))


def lit(ch):
    s = chr(ch)
    return None if ord(s) > 127 else s.lower()


def info_seq(items):
    """(exact set of strings the sequence matches or None, set one of which every match contains or None)."""
    cur, cands, broken = {""}, [], False
    for op, av in items:
        ex, req = info_item(op, av)
        if ex is not None and len(cur) * len(ex) <= LIMIT:
            cur = {a + b for a in cur for b in ex}
        else:
            cands += [cur, ex, req]
            cur, broken = {""}, True
    cands.append(cur)
    return (None if broken else cur), best(cands)


def info_item(op, av):
    if op == C.LITERAL:
        l = lit(av)
        return ({l} if l is not None else None), ({l} if l else None)
    if op == C.AT:  # anchors and \b match no text
        return {""}, None
    if op == C.SUBPATTERN:
        return info_seq(av[3])
    if op == C.BRANCH:
        subs = [info_seq(b) for b in av[1]]
        ex = None
        if all(s[0] is not None for s in subs):
            union = set().union(*[s[0] for s in subs])
            ex = union if len(union) <= LIMIT else None
        if any(req is None for _, req in subs):
            return ex, None
        return ex, set().union(*[req for _, req in subs])
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, high, p = av
        ex, req = info_seq(p)
        if low == 0:
            return (ex | {""}, None) if high == 1 and ex is not None else (None, None)
        if low == 1 and high == 1:
            return ex, req
        return None, (req if req is not None else (ex if ex and "" not in ex else None))
    if op == C.IN:  # a class of plain ASCII characters is a small exact set
        chars = []
        for o, a in av:
            if o != C.LITERAL or lit(a) is None:
                return None, None
            chars.append(lit(a))
        return set(chars), None
    return None, None


def hints(pattern):
    try:
        tree = sp.parse(pattern, 0)
    except Exception:
        return None
    _, req = info_seq(list(tree))
    if not req:
        return None
    req = sorted(set(req))
    # a string that contains another of the set adds nothing: the shorter one is the weaker test
    return sorted(s for s in req if not any(t != s and t in s for t in req))


def patterns(root):
    found = set()

    def walk(o, p=""):
        if isinstance(o, dict):
            for k, v in o.items():
                walk(v, f"{p}.{k}")
        elif isinstance(o, str) and ("pattern" in p or "calls" in p):
            found.add(o)

    data = json.load(open(os.path.join(root, "policies", "data.json")))
    walk({k: v for k, v in data["config"].items() if k != "regex_hints"})
    for f in glob.glob(os.path.join(root, "policies", "**", "*.rego"), recursive=True):
        if not f.endswith("_test.rego"):
            found.update(m.group(1) for m in re.finditer(r"regex_?\.?match\(`([^`]*)`", open(f).read()))
    return sorted(found)


if __name__ == "__main__":
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    print(json.dumps({p: h for p in patterns(root) if (h := hints(p))}, indent=1, ensure_ascii=False))
