#!/usr/bin/env python3
"""The core crate's house plan, measured from its source: rooms, imports, circles, imports that
run back up, and the largest files (lines before their tests).

A room is a module directly under `src/`, its files and folders included (`run/parallel` is
part of `run`); `--files` makes every file a room. An import is one room naming another (`use crate::x`, a
`crate::x::` path, `super::` reaching out of the room), counted once per pair of rooms. Floors
come from the import graph: a room's floor is one above the highest room it imports, circles
broken by the fewest imports (those are the ones that run back up).

    python3 scripts/house.py            # the report
    python3 scripts/house.py --check    # exit 1 if a circle exists or a limit below is exceeded
    python3 scripts/house.py --src DIR  # the plan of another source tree
"""
import itertools
import re
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
if "--src" in sys.argv:  # another tree's sources, e.g. an older commit's unpacked with git archive
    SRC = Path(sys.argv[sys.argv.index("--src") + 1]).resolve()
MAX_UP = 10
MAX_LINES = 400


def module_path(file):
    rel = file.relative_to(SRC).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] in ("mod", "lib"):
        parts = parts[:-1]
    return parts


def is_tests(file):
    """Tests may import anything: they are not part of the house."""
    return file.name == "tests.rs" or file.stem.endswith("_tests") or file.parent.name == "tests"


def files():
    return [f for f in sorted(SRC.rglob("*.rs")) if "bin" not in f.relative_to(SRC).parts[:1]]


def folder_modules():
    """Module paths that are folders (a `mod.rs` or a `x.rs` beside `x/`)."""
    out = set()
    for d in SRC.rglob("*"):
        if d.is_dir() and "bin" not in d.relative_to(SRC).parts[:1]:
            out.add(tuple(d.relative_to(SRC).parts))
    return out


FOLDERS = folder_modules()


BY_FILE = "--files" in sys.argv


def room_of(parts):
    """The room of a module path: the module directly under `src/` it belongs to (a folder's
    sub-folders are part of its room, as `run/parallel` is of `run`); with --files, the file
    that defines it."""
    if not parts:
        return None
    if BY_FILE:
        while parts and not SRC.joinpath(*parts).with_suffix(".rs").exists() \
                and not SRC.joinpath(*parts, "mod.rs").exists():
            parts = parts[:-1]
        return "/".join(parts) if parts else None
    return parts[0]


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(line.split("//")[0] for line in text.splitlines())


def use_trees(text):
    """Every path a `use` statement names, its braces expanded."""
    for m in re.finditer(r"\buse\s+([^;]+);", text):
        yield from expand(m.group(1).replace("\n", " ").strip())


def expand(tree):
    tree = tree.strip()
    i = tree.find("{")
    if i < 0:
        yield tree.split(" as ")[0].strip()
        return
    prefix, body = tree[:i], tree[i + 1 : tree.rfind("}")]
    depth, start = 0, 0
    for j, c in enumerate(body + ","):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "," and depth == 0:
            item = body[start:j].strip()
            start = j + 1
            if item:
                yield from expand(prefix + item)


def resolve(path, here):
    """The module path a `crate::`/`super::`/`self::` path points into, or None."""
    parts = [p.strip() for p in path.split("::") if p.strip()]
    if not parts:
        return None
    if parts[0] == "crate":
        return parts[1:]
    if parts[0] in ("super", "self"):
        base = list(here)
        while parts and parts[0] in ("super", "self"):
            if parts.pop(0) == "super":
                base = base[:-1]
        return base + parts
    return None


def imports_of(file):
    here = module_path(file)
    if is_tests(file):
        return
    text = strip_comments(file.read_text()).split("#[cfg(test)]")[0]
    paths = list(use_trees(text))
    paths += re.findall(r"\b((?:crate|super)(?:::\w+)+)", text)
    for p in paths:
        target = resolve(p, here)
        if target:
            yield target


def is_module(name):
    return SRC.joinpath(name).is_dir() or SRC.joinpath(name + ".rs").exists()


def root_items():
    """Names `lib.rs` re-exports (`crate::Error`), mapped to the module that defines them."""
    out = {}
    for path in use_trees(strip_comments((SRC / "lib.rs").read_text())):
        parts = [p.strip() for p in path.split("::")]
        if parts[0] not in ("crate", "super", "self", "std"):
            out[parts[-1]] = parts[:-1]
    return out


def graph():
    edges = {}
    rooms = set()
    aliases = root_items()
    for f in files():
        here = module_path(f)
        if not here:
            continue
        a = room_of(here)
        rooms.add(a)
        for target in imports_of(f):
            if target and target[0] in aliases and not is_module(target[0]):
                target = aliases[target[0]] + target[1:]
            b = room_of(target)
            # A folder's own module file declares and re-exports its files: that is its door,
            # not an import (this matters only with --files).
            door = f.name in ("mod.rs", "lib.rs") and b.startswith(a + "/")
            if b and b[0].islower() and b != a and not door:
                edges.setdefault((a, b), f.relative_to(SRC).as_posix())
    return rooms, edges


def sccs(nodes, edges):
    index, low, stack, on, out = {}, {}, [], set(), []
    succ = {n: [b for (a, b) in edges if a == n] for n in nodes}
    counter = itertools.count()

    def visit(v):
        index[v] = low[v] = next(counter)
        stack.append(v)
        on.add(v)
        for w in succ[v]:
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
            out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for n in sorted(nodes):
        if n not in index:
            visit(n)
    return out


def fewest_back_edges(comp, edges):
    """An order of a circle's rooms with the fewest imports running from an earlier room to a
    later one (exact by dynamic programming over subsets for small circles, greedy above)."""
    inner = [(a, b) for (a, b) in edges if a in comp and b in comp]
    if len(comp) > 14:
        order, left = [], set(comp)
        while left:
            best = min(left, key=lambda n: sum(1 for (a, b) in inner if a == n and b in left))
            order.append(best)
            left.discard(best)
        return order
    idx = {n: i for i, n in enumerate(comp)}
    imports = [0] * len(comp)
    for a, b in inner:
        imports[idx[a]] |= 1 << idx[b]
    full = (1 << len(comp)) - 1
    best = {0: (0, [])}
    for mask in range(1, full + 1):
        choice = None
        for i in range(len(comp)):
            if mask >> i & 1:
                rest = mask & ~(1 << i)
                # room i is placed on top of `rest`: its imports outside `rest` run up
                cost = best[rest][0] + bin(imports[i] & ~rest & full & ~(1 << i)).count("1")
                if choice is None or cost < choice[0]:
                    choice = (cost, best[rest][1] + [comp[i]])
        best[mask] = choice
    return best[full][1]


def report():
    rooms, edges = graph()
    comps = sccs(rooms, edges)
    circles = [c for c in comps if len(c) > 1]
    position = {}
    for comp in reversed(comps):  # Tarjan yields leaves first; reversed is top-down
        pass
    order = []
    for comp in comps:  # leaves first
        order += fewest_back_edges(comp, edges) if len(comp) > 1 else comp
    position = {n: i for i, n in enumerate(order)}
    up = sorted((a, b) for (a, b) in edges if position[b] > position[a])
    floor = {}
    for n in order:
        below = [floor[b] for (a, b) in edges if a == n and position[b] < position[n]]
        floor[n] = 1 + max(below, default=-1)
    sizes = []
    for f in files():
        lines = f.read_text().split("\n#[cfg(test)]")[0].count("\n") + 1
        if not is_tests(f):
            sizes.append((lines, f.relative_to(SRC).as_posix()))
    sizes.sort(reverse=True)
    layouts = {"mod.rs": 0, "x.rs beside x/": 0}
    for d in FOLDERS:
        p = SRC.joinpath(*d)
        if (p / "mod.rs").exists():
            layouts["mod.rs"] += 1
        elif p.with_suffix(".rs").exists():
            layouts["x.rs beside x/"] += 1
    paths = sum(1 for f in files() if "#[path" in f.read_text())

    print(f"rooms {len(rooms)}, floors {max(floor.values()) + 1}, imports {len(edges)}, "
          f"running back up {len(up)}, circles {len(circles)}")
    for c in circles:
        print(f"  circle of {len(c)}: {' '.join(c)}")
    for a, b in up:
        print(f"  up: {a} -> {b} ({edges[(a, b)]})")
    over = [s for s in sizes if s[0] > MAX_LINES]
    print(f"files over {MAX_LINES} lines before their tests: {len(over)}; largest:")
    for lines, name in sizes[:8]:
        print(f"  {lines:5} {name}")
    print(f"folder layouts: {layouts}; files with #[path]: {paths}")
    for f in sorted(floor, key=lambda n: (floor[n], n)):
        pass
    by_floor = {}
    for n, k in floor.items():
        by_floor.setdefault(k, []).append(n)
    for k in sorted(by_floor):
        print(f"  floor {k}: {' '.join(sorted(by_floor[k]))}")
    return not circles and len(up) <= MAX_UP and not over and not paths and not layouts["x.rs beside x/"]


if __name__ == "__main__":
    ok = report()
    if "--check" in sys.argv and not ok:
        sys.exit(1)
