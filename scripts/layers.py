#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Which file calls which, from the built objects, and does it go one way.

    scripts/layers.py [--spec FILE] DIR

DIR holds the .c files and their built .o files (e.g. kmod/vdsp after
"make kmod"). The file graph is derived from the symbols themselves, not
from the includes: "nm" lists what each object defines (global T/D/R/B)
and what it leaves undefined (U); a.c -> b.c when a.o uses a symbol b.o
defines. Calls through function pointers do not show, which is what an
ops struct is for.

Printed: every edge with the symbols behind it, the import cycles (the
strongly connected components of more than one file), and, with --spec,
every edge and every #include "..." that goes up a layer.

The spec lists the layers from the top down, one a line:

    # comment
    face:    qda_vdsp_drv.c
    engine:  qda_vdsp_engine.c qda_vdsp_engine.h

A file may call, and include the headers of, its own layer and the layers
below it. A file the spec does not name is reported. Exit status: 0 when
there is no cycle and (with --spec) nothing goes up, 1 otherwise, 2 on a
usage error.
"""
import argparse
import os
import re
import subprocess
import sys
from collections import defaultdict

GLOBAL_DEF = set("TDRBGSV")


def symbols(obj):
    out = subprocess.run(["nm", obj], check=True, capture_output=True,
                         text=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            undefined.add(parts[1])
        elif len(parts) == 3 and parts[1] in GLOBAL_DEF:
            defined.add(parts[2])
    return defined, undefined


def includes(path):
    with open(path, encoding="utf-8") as f:
        return re.findall(r'^\s*#\s*include\s+"([^"]+)"', f.read(), re.M)


def read_spec(path):
    layers = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            name, sep, files = line.partition(":")
            if not sep or not files.split():
                sys.exit(f"{path}:{n}: expected 'layer: file...'")
            layers.append((name.strip(), files.split()))
    rank = {}
    for i, (name, files) in enumerate(layers):
        for f in files:
            rank[f] = (i, name)
    return rank


def cycles(nodes, edges):
    """Tarjan's strongly connected components with more than one node."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--spec", help="the layers, top first")
    ap.add_argument("dir")
    args = ap.parse_args()

    srcs = sorted(f for f in os.listdir(args.dir)
                  if f.endswith(".c") and not f.endswith(".mod.c"))
    files = [f for f in srcs
             if os.path.exists(os.path.join(args.dir, f[:-2] + ".o"))]
    if not files:
        print(f"layers: no built objects in {args.dir} (build first)",
              file=sys.stderr)
        return 2
    missing = sorted(set(srcs) - set(files))

    defs, uses = {}, {}
    for f in files:
        defs[f], uses[f] = symbols(os.path.join(args.dir, f[:-2] + ".o"))
    owner = {}
    for f in files:
        for s in defs[f]:
            owner.setdefault(s, f)
    edges = defaultdict(set)
    why = defaultdict(set)
    for f in files:
        for s in uses[f]:
            g = owner.get(s)
            if g and g != f:
                edges[f].add(g)
                why[(f, g)].add(s)

    bad = 0
    print(f"calls between the {len(files)} files of {args.dir}:")
    for f in files:
        for g in sorted(edges[f]):
            print(f"  {f} -> {g}: {' '.join(sorted(why[(f, g)]))}")
    for f in missing:
        print(f"  {f}: not built, left out")

    cyc = cycles(files, edges)
    for comp in cyc:
        print(f"cycle of {len(comp)} files: {' '.join(comp)}")
        bad = 1
    if not cyc:
        print("no cycle")

    if args.spec:
        rank = read_spec(args.spec)
        up = 0
        for f in files:
            if f not in rank:
                print(f"not in {args.spec}: {f}")
                bad = 1
                continue
            for g in sorted(edges[f]):
                if g in rank and rank[g][0] < rank[f][0]:
                    print(f"calls up: {f} ({rank[f][1]}) -> {g} "
                          f"({rank[g][1]}): {' '.join(sorted(why[(f, g)]))}")
                    up += 1
            for h in includes(os.path.join(args.dir, f)):
                h = os.path.basename(h)
                if h in rank and rank[h][0] < rank[f][0]:
                    print(f"includes up: {f} ({rank[f][1]}) -> {h} "
                          f"({rank[h][1]})")
                    up += 1
        for h in sorted(x for x in os.listdir(args.dir) if x.endswith(".h")):
            if h not in rank:
                continue
            for i in includes(os.path.join(args.dir, h)):
                i = os.path.basename(i)
                if i in rank and rank[i][0] < rank[h][0]:
                    print(f"includes up: {h} ({rank[h][1]}) -> {i} "
                          f"({rank[i][1]})")
                    up += 1
        print(f"{up} edge(s) going up a layer" if up else
              "every call and include goes down or stays in its layer")
        bad |= up > 0
    return bad


if __name__ == "__main__":
    sys.exit(main())
