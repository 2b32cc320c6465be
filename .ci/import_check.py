"""Import structure of the library (issue 13): cycles among first-party modules, and function-local imports.

Counts, for assistant/, index/ and the top-level modules: import cycles (strongly connected components) over
module-level imports and over all imports, and function-local imports of first-party modules. A function-local
import of a first-party module is allowed only with a comment on its line or the line above saying why (an
optional heavy dependency); with --strict, an undocumented one fails the check.
Usage: python .ci/import_check.py [--strict] [--list]
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("assistant", "index")
TOP = ("app", "app_handlers", "settings", "services")


def modules() -> dict[str, Path]:
    found = {name: ROOT / f"{name}.py" for name in TOP if (ROOT / f"{name}.py").exists()}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "resources" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def first_party(name: str, known: dict[str, Path]) -> str | None:
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imported(node: ast.AST, known: dict[str, Path], here: str) -> list[str]:
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            package = here.rsplit(".", node.level)[0]
            base = f"{package}.{base}" if base else package
        names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
    else:
        return []
    return [m for m in (first_party(n, known) for n in names) if m and m != here]


def scan(known: dict[str, Path]):
    top_edges: dict[str, set[str]] = {m: set() for m in known}
    all_edges: dict[str, set[str]] = {m: set() for m in known}
    local: list[tuple[str, int, str, bool]] = []  # module, line, imported, documented
    third_party_local = 0
    for module, path in known.items():
        lines = path.read_text().splitlines()
        tree = ast.parse(path.read_text())
        inside: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for child in ast.walk(node):
                    if isinstance(child, (ast.Import, ast.ImportFrom)):
                        inside.add(id(child))
        for node in ast.walk(tree):
            targets = imported(node, known, module)
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            all_edges[module].update(t for t in targets if not t.startswith(module + "."))
            if id(node) in inside:
                if targets:
                    text = lines[node.lineno - 1] + (lines[node.lineno - 2] if node.lineno > 1 else "")
                    local.append((module, node.lineno, ",".join(targets), "#" in text))
                else:
                    third_party_local += 1
            else:
                top_edges[module].update(t for t in targets if not t.startswith(module + "."))
    return top_edges, all_edges, local, third_party_local


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for v in edges:
        if v not in index:
            visit(v)
    return found


def main(argv: list[str]) -> int:
    known = modules()
    top_edges, all_edges, local, third_party_local = scan(known)
    top_cycles, all_cycles = cycles(top_edges), cycles(all_edges)
    undocumented = [x for x in local if not x[3]]
    print(f"modules: {len(known)}")
    print(f"import cycles (module-level imports): {len(top_cycles)} {top_cycles or ''}")
    print(f"import cycles (all imports, function-local included): {len(all_cycles)} {all_cycles or ''}")
    print(f"function-local imports: {len(local)} first-party ({len(undocumented)} without a comment), "
          f"{third_party_local} third-party")
    if "--list" in argv:
        for module, line, target, documented in local:
            print(f"  {known[module].relative_to(ROOT)}:{line} {target}{'' if documented else '  (no comment)'}")
    failed = top_cycles or all_cycles or ("--strict" in argv and undocumented)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
