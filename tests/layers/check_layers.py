#!/usr/bin/env python3
"""check_layers.py -- the structure of src/, checked from its #include lines.

A unit is a .c file with its header.  Unit A points at unit B when A's .c or
.h includes B's header.  The check fails when:
  - the graph of units has a cycle;
  - a unit points at a layer above its own (the layers, bottom up: base,
    http, store, ops, handlers, server, admin: a request knows nothing of
    the database, and the store nothing of requests);
  - a file outside src/store names a collection (SB_COLL_* or the
    collections' names as strings) or includes store/collections.h.
  - a file of src/ is not named in docs/HACKING's source tree.
It prints one line per problem and a closing "N passed, M failed" line.
"""
import os
import re
import sys

LAYERS = ["base", "http", "store", "ops", "handlers", "server", "admin"]
COLLECTIONS = ["user", "kyc_doc", "user_log", "kyc_decision",
               "login_failure", "login_lockout", "login_known",
               "webhook_endpoint", "webhook_delivery"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def units(src):
    """unit name ("store/db") -> list of its files (relative to src)."""
    out = {}
    for folder in LAYERS:
        d = os.path.join(src, folder)
        for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            if name.endswith((".c", ".h")):
                out.setdefault(f"{folder}/{name[:-2]}", []).append(
                    f"{folder}/{name}")
    return out


def layer(unit):
    return LAYERS.index(unit.split("/")[0])


def find_cycle(graph):
    """One cycle as a list of units, or None (iterative DFS)."""
    colour = {u: 0 for u in graph}
    for start in sorted(graph):
        if colour[start]:
            continue
        stack = [(start, iter(sorted(graph[start])))]
        path = [start]
        colour[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                colour[node] = 2
                stack.pop()
                path.pop()
            elif colour.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            elif colour.get(nxt) == 0:
                colour[nxt] = 1
                stack.append((nxt, iter(sorted(graph[nxt]))))
                path.append(nxt)
    return None


def main(src):
    problems, checks = [], 0
    us = units(src)
    graph = {u: set() for u in us}
    texts = {}
    for u, files in us.items():
        for f in files:
            with open(os.path.join(src, f), encoding="utf-8") as fh:
                texts[f] = fh.read()
            for inc in INCLUDE.findall(texts[f]):
                target = inc[:-2] if inc.endswith(".h") else inc
                if target in us and target != u:
                    graph[u].add(target)
                elif inc != "config.h" and target not in us:
                    problems.append(f"{f}: includes {inc}, which is not "
                                    "a header of src/")

    checks += 1
    cycle = find_cycle(graph)
    if cycle:
        problems.append("cycle: " + " -> ".join(cycle))

    for u in sorted(graph):
        checks += 1
        for t in sorted(graph[u]):
            if layer(t) > layer(u):
                problems.append(f"{u} ({LAYERS[layer(u)]}) points up at "
                                f"{t} ({LAYERS[layer(t)]})")

    names = "|".join(re.escape(c) for c in COLLECTIONS)
    coll = re.compile(r'SB_COLL_\w+|store/collections\.h|"(%s)"' % names)
    for f, text in sorted(texts.items()):
        if f.startswith("store/"):
            continue
        checks += 1
        for m in coll.finditer(text):
            # "user" is also a word of the API; only a collection call counts.
            if m.group(1) == "user":
                continue
            line = text.count("\n", 0, m.start()) + 1
            problems.append(f"{f}:{line}: names a collection ({m.group(0)}) "
                            "outside src/store")

    readme = os.path.join(src, "..", "docs", "HACKING")
    if os.path.exists(readme):
        with open(readme, encoding="utf-8") as fh:
            tree = fh.read()
        folder = None
        named = set()
        for line in tree.splitlines():
            m = re.match(r"    (src/\w+)/ ", line)
            if m:
                folder = m.group(1)[4:]
                continue
            m = re.match(r"      (\S+?)(,\s*(\S+))?\s{2,}", line)
            if m and folder:
                named.add(f"{folder}/{m.group(1)}")
                if m.group(3):
                    named.add(f"{folder}/{m.group(3)}")
        for u, files in sorted(us.items()):
            checks += 1
            if not any(f in named for f in files):
                problems.append(f"{u}: not in docs/HACKING's source tree")
        for n in sorted(named):
            if not os.path.exists(os.path.join(src, n)):
                problems.append(f"docs/HACKING names src/{n}, which is gone")

    for p in problems:
        print("FAIL:", p)
    print(f"layers: {max(checks - len(problems), 0)} passed, "
          f"{len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else
                  os.path.join(here, "..", "..", "src")))
