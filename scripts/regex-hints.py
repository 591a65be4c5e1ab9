#!/usr/bin/env python3
"""Derives config.regex_hints for policies/data.json (see lib.regex_match in policies/lib/lib.rego).

For every regex of the shipped policy (the data strings, alone or in lists, under the keys of
REGEX_KEYS, and the backtick literals given to regex.match/lib.regex_match in the Rego modules) it prints
the lowercase strings of which every match contains one, as JSON {pattern: [hints]}: the
required literal text of each alternative (a prefilter in the manner of RE2's), found from
Python's parse of the pattern. Patterns it cannot read (a flag group in the middle, say) or
that require no literal get no hints, and lib.regex_match then always runs them.

    python3 scripts/regex-hints.py            # prints the object for config.regex_hints
    python3 scripts/regex-hints.py --write    # writes it into policies/data.json

Hints are keyed by the pattern's exact text: after changing a pattern, run this again with
--write; until then the changed pattern simply has no hints.
"""
import glob
import json
import os
import re
import sys
from re import _constants as C
from re import _parser as sp

LIMIT = 64  # the most strings an exact set may hold before it is given up
# Data keys whose strings (or lists of strings) are regexes given to lib.regex_match.
REGEX_KEYS = ("pattern", "calls", "environ_files", "risky_settings", "history_settings")


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
            # the exact text so far, followed by the start of this item (/dev/ then sd: /dev/sd)
            pre = prefix_item(op, av)
            joined = {a + b for a in cur for b in pre} if pre and len(cur) * len(pre) <= LIMIT else None
            cands += [cur, ex, req, joined]
            cur, broken = {""}, True
    cands.append(cur)
    return (None if broken else cur), best(cands)


def prefix_seq(items):
    """A set of strings one of which every match of the sequence starts with, or None."""
    cur = {""}
    for op, av in items:
        ex, _ = info_item(op, av)
        if ex is not None and len(cur) * len(ex) <= LIMIT:
            cur = {a + b for a in cur for b in ex}
            continue
        pre = prefix_item(op, av)
        if pre and len(cur) * len(pre) <= LIMIT:
            return {a + b for a in cur for b in pre}
        return cur if "" not in cur else None
    return cur if "" not in cur else None


def prefix_item(op, av):
    """A set of strings one of which every match of the item starts with, or None."""
    if op == C.LITERAL:
        l = lit(av)
        return {l} if l else None
    if op == C.SUBPATTERN:
        return prefix_seq(av[3])
    if op == C.BRANCH:
        subs = [prefix_seq(b) for b in av[1]]
        if any(s is None for s in subs):
            return None
        union = set().union(*subs)
        return union if len(union) <= LIMIT else None
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
        return prefix_seq(av[2])
    if op == C.IN:
        ex, _ = info_item(op, av)
        return ex
    return None


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
        # RE2's \z (end of text) is Python's \Z; the rest of the syntax the two share.
        tree = sp.parse(pattern.replace("\\z", "\\Z"), 0)
    except Exception:
        return None
    _, req = info_seq(list(tree))
    if not req:
        return None
    req = sorted(set(req))
    # a string that contains another of the set adds nothing: the shorter one is the weaker test
    return sorted(s for s in req if not any(t != s and t in s for t in req))


FLAGS = re.compile(r"\(\?[imsU]+\)")


def tokens(body):
    """(kind, start, end) of the pattern's structure: "open" (with its opener text), "close", "bar",
    "flags" (an inline flag group); None when the text holds what this reader does not follow (\\Q…\\E)."""
    out, i, n = [], 0, len(body)
    while i < n:
        ch = body[i]
        if ch == "\\":
            if body[i + 1 : i + 2] == "Q":
                return None
            i += 2
        elif ch == "[":
            j = i + 1
            if body[j : j + 1] == "^":
                j += 1
            if body[j : j + 1] == "]":
                j += 1
            while j < n and body[j] != "]":
                if body[j] == "\\":
                    j += 2
                elif body[j : j + 2] == "[:":
                    k = body.find(":]", j + 2)
                    j = k + 2 if k >= 0 else j + 1
                else:
                    j += 1
            if j >= n:
                return None
            i = j + 1
        elif ch == "(":
            m = FLAGS.match(body, i)
            if m:
                out.append(("flags", i, m.end()))
                i = m.end()
                continue
            m = re.compile(r"\((\?(:|P<\w+>|[imsU-]+:))?").match(body, i)
            out.append(("open", i, m.end()))
            i = m.end()
        elif ch == ")":
            out.append(("close", i, i + 1))
            i += 1
        elif ch == "|":
            out.append(("bar", i, i + 1))
            i += 1
        else:
            i += 1
    return out


def alternatives(pattern):
    """The pattern as several smaller ones of which it matches exactly when one of them does: its
    top-level alternatives, or, when its only alternation is one group that neither repeats nor
    sits in a group that repeats, the text around that group with each of its alternatives in
    place of it ((?i)x(a|b)y: (?i)x(a)y, (?i)x(b)y). The leading flags go with every part. None when it is not one of these shapes."""
    m = FLAGS.match(pattern)
    lead = m.group(0) if m else ""
    body = pattern[len(lead) :]
    toks = tokens(body)
    if toks is None:
        return None
    depth, top_bars, groups, stack = 0, [], [], []
    for kind, start, end in toks:
        if kind == "open":
            stack.append((start, end, []))
            depth += 1
        elif kind == "close":
            if not stack:
                return None
            gstart, gend, bars = stack.pop()
            depth -= 1
            # Every group, with the closes of the groups around it (their quantifiers matter too).
            groups.append((gstart, gend, start, bars, [s for s, _, _ in stack]))
        elif kind == "bar":
            if depth == 0:
                top_bars.append(start)
            else:
                stack[-1][2].append(start)
        elif kind == "flags":
            # Flags set after the start reach past a |: only a repeat of the leading flags at
            # the start of a top-level alternative changes nothing.
            if not (depth == 0 and body[start:end] == lead and (start == 0 or body[start - 1] == "|")):
                return None
    if stack:
        return None
    if top_bars:
        cuts = [-1] + top_bars + [len(body)]
        parts = [body[a + 1 : b] for a, b in zip(cuts, cuts[1:])]
        parts = [p[len(lead) :] if lead and p.startswith(lead) else p for p in parts]
        return [f"{lead}(?:{p})" for p in parts]
    # The one top-level group with an alternation of its own; when no top-level group has one,
    # the one alternation group that no other alternation group holds.
    split = [g for g in groups if g[3] and not g[4]]
    if not split:
        with_bars = {g[0] for g in groups if g[3]}
        split = [g for g in groups if g[3] and not with_bars.intersection(g[4])]
    if len(split) != 1:
        return None
    gstart, gend, close, bars, outer = split[0]
    # x(a|b)y is x(a)y or x(b)y only when neither the group nor a group around it repeats
    # (^((.*[:_-])?(delete|rm))$ splits; (a|b)+ and ((a|b)c)? do not).
    closes = {g[0]: g[2] for g in groups}
    if any(body[c + 1 : c + 2] in ("*", "+", "?", "{") for c in [close, *(closes[o] for o in outer)]):
        return None
    cuts = [gend - 1] + bars + [close]
    opener = body[gstart:gend]
    return [f"{lead}{body[:gstart]}{opener}{body[a + 1 : b]}){body[close + 1 :]}" for a, b in zip(cuts, cuts[1:])]


def alternatives_table(pats):
    """config.regex_alternatives: each splittable pattern's parts, with the hints of each part."""
    table = {}
    for p in pats:
        parts = alternatives(p)
        if parts and len(parts) > 1:
            table[p] = [{"regex": q, "hints": hints(q) or []} for q in parts]
    return table


def patterns(root):
    found = set()

    def walk(o, p=""):
        if isinstance(o, dict):
            for k, v in o.items():
                walk(v, f"{p}.{k}")
        elif isinstance(o, list):  # lists of patterns (code_patterns, risky_settings.<tool>.<category>)
            for v in o:
                walk(v, p)
        elif isinstance(o, str) and any(key in p for key in REGEX_KEYS):
            found.add(o)

    data = json.load(open(os.path.join(root, "policies", "data.json")))
    walk({k: v for k, v in data["config"].items() if k not in ("regex_hints", "regex_alternatives")})
    for f in glob.glob(os.path.join(root, "policies", "**", "*.rego"), recursive=True):
        if not f.endswith("_test.rego"):
            found.update(m.group(1) for m in re.finditer(r"regex_?\.?match\(`([^`]*)`", open(f).read()))
    return sorted(found)


def write(root, tables):
    """Replaces config.regex_hints and config.regex_alternatives in policies/data.json, one pattern
    a line, the rest of the file as it is."""
    path = os.path.join(root, "policies", "data.json")
    lines = open(path).read().split("\n")
    for key, table in tables.items():
        body = [f"      {json.dumps(p, ensure_ascii=False)}: {json.dumps(h, ensure_ascii=False)}," for p, h in table.items()]
        body[-1] = body[-1].rstrip(",")
        head = f'    "{key}": {{'
        if head in lines:
            start = lines.index(head)
            end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("    }"))
            lines[start + 1 : end] = body
        else:  # a new table goes right after regex_hints
            start = lines.index('    "regex_hints": {')
            end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("    }"))
            lines[end] = "    },"
            lines[end + 1 : end + 1] = [head, *body, "    }" + ("," if lines[end + 1].strip() not in ("}", "") else "")]
    open(path, "w").write("\n".join(lines))


if __name__ == "__main__":
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    found = patterns(root)
    tables = {
        "regex_hints": {p: h for p in found if (h := hints(p))},
        "regex_alternatives": alternatives_table(found),
    }
    if "--write" in sys.argv:
        write(root, tables)
    else:
        print(json.dumps(tables, indent=1, ensure_ascii=False))
