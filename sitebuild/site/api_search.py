"""Finds the PyTorch API names each example's code uses before any other page, for search to put that page first."""

import ast
import builtins
import html
import inspect
import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .glossary import SEARCH_BOOST  # the same weight as the glossary's entries

# What the objects of the examples are: a name used as `x.name` counts as PyTorch's when these classes
# have it and Python's own types do not (`.backward`, `.grad`, `.zero_grad`, `.step`; not `.append`).
OWNERS = ("torch.Tensor", "torch.nn.Module", "torch.optim.Optimizer", "torch.autograd.function.FunctionCtx")
PYTHON_TYPES = (dict, list, str, set, tuple, int, float, bytes)


def first_uses(notebooks, taught=None, facts=None) -> dict:
    """{API name: (example, cell id)} for every PyTorch name the examples' code uses (answers left out),
    each at the first code cell of the first example in reading order that uses it, or in the example
    `taught[name]` where mkdocs.yml says so (at its first cell that names it, in prose or code)."""
    found = {}
    for example, nb in sorted(notebooks.items()):
        cells = code_cells(nb)
        modules = imported_modules(cells)
        for cell in cells:
            for name in used_names([cell], modules, facts):
                found.setdefault(name, (example, cell.id))
    found.update(taught_places(notebooks, taught))
    return found


def taught_places(notebooks, taught) -> dict:
    """{API name: (example, cell id)} for the names mkdocs.yml sends to the example that teaches them: its
    first cell, prose or code, that names them."""
    found = {}
    for name, example in (taught or {}).items():
        if example not in notebooks:
            raise ValueError(f"{name}: {example} is not an example")
        cell = next((c for c in notebooks[example].cells if forms(name)[-1] in c.source), None)
        if cell is None:
            raise ValueError(f"{name}: {example} never names it")
        found[name] = (example, cell.id)
    return found


def first_uses_kept(store, notebooks, taught=None, live=None) -> dict:
    """`first_uses`, kept in `store` (sitebuild/store.py) by the examples' code cells, this module and torch's
    version: an edit of prose works nothing out again. A code edit does, with torch's answer about each name
    kept (`KeptFacts`; the store keeps them while it keeps this): torch is asked only about a name no build
    has asked about. `live`: where those answers come from (by default, torch imported here)."""
    code = {str(ex): code_cells(nb) for ex, nb in sorted(notebooks.items())}
    parts = [json.dumps({ex: [(c.id, c.source) for c in cells] for ex, cells in code.items()}), Path(__file__), metadata.version("torch")]

    def make():
        found = first_uses(notebooks, facts=KeptFacts(store, live))
        return {name: [str(ex), cell] for name, (ex, cell) in found.items()}

    found = {name: (Path(ex), cell) for name, (ex, cell) in store.json(parts, make).items()}
    found.update(taught_places(notebooks, taught))
    return found


def code_cells(nb) -> list:
    """The notebook's code cells, answers left out."""
    return [c for c in nb.cells if c.cell_type == "code" and "answer" not in c.metadata.get("tags", [])]


def imported_modules(cells) -> set:
    """The names that `import` binds to modules in the cells (np, random, torch)."""
    tree = ast.parse("\n".join(c.source for c in cells))
    return {alias.asname or alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}


class Facts:
    """What classifying a name needs to know of PyTorch's API, asked of torch itself (imported on first use)."""

    def is_module(self, dotted) -> bool:
        return inspect.ismodule(_resolve(dotted))

    def is_method(self, name) -> bool:
        return _is_method(name)


class ForkedFacts(Facts):
    """`Facts` asked of a process forked from a fork server that has imported torch (sitebuild/run/forks.py),
    which runs this module: the build's own process then never imports torch (a second, and a slower exit).
    `server()` gives the ready server, or None for torch imported here; nothing starts before the first question."""

    def __init__(self, server, root):
        self.server, self.root, self.child = server, root, None

    def is_module(self, dotted) -> bool:
        return self._ask("module", dotted)

    def is_method(self, name) -> bool:
        return self._ask("method", name)

    def _ask(self, kind, name):
        if self.child is None:
            self.child = _answering(self.server(), self.root)
        if self.child is False:
            return getattr(super(), f"is_{kind}")(name)
        questions, answers, errors = self.child
        questions.write(json.dumps([kind, name]) + "\n")
        questions.flush()
        answer = answers.readline()
        if not answer:
            errors.seek(0)
            raise RuntimeError(f"the process answering about torch's API stopped:\n{errors.read()[-2000:]}")
        return json.loads(answer)

    def close(self):
        """Let the answering process go (it ends when its questions do)."""
        if self.child:
            for stream in self.child:
                stream.close()
        self.child = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _answering(server, root):
    """(questions, answers, its stderr) of this module running as a child of `server`; False without a server."""
    if server is None:
        return False
    import os
    import sys
    import tempfile

    asked, questions = os.pipe()
    answers, answered = os.pipe()
    errors = tempfile.TemporaryFile("w+")
    try:
        server.fork(__spec__.name, [sys.executable], dict(server.env), str(root), [asked, answered, errors.fileno()])
    finally:
        os.close(asked)
        os.close(answered)
    return os.fdopen(questions, "w"), os.fdopen(answers), errors


class KeptFacts:
    """`Facts`, each answer kept in `store` by the name, torch's version and this code: importing torch takes
    about two seconds, which a build then spends only on a name no earlier build has asked about (and not even
    then for a name Python's own types have, such as `upper`). `live` answers the others (by default, `Facts`)."""

    def __init__(self, store, live=None):
        self.store, self.version, self.live = store, metadata.version("torch"), live or Facts()

    def is_module(self, dotted) -> bool:
        return self._kept("module", dotted, self.live.is_module)

    def is_method(self, name) -> bool:
        return self._kept("method", name, self.live.is_method)

    def _kept(self, kind, name, answer) -> bool:
        parts = ["torch-api", kind, name, self.version, Path(__file__)]
        return self.store.text(parts, lambda: "1" if answer(name) else "0") == "1"


def used_names(cells, modules, facts=None) -> list:
    """The PyTorch names code cells use, in order: dotted names from `torch` (torch.nn.Linear, not the
    package torch.nn) and methods or attributes of PyTorch's tensors, modules, optimizers and autograd
    contexts. `modules`: the names bound to modules (np, random): `np.mean` is NumPy's, not a tensor
    method; and in an example without torch (the NumPy step), `x.mean()` is an array's. `facts`: where
    the answers about PyTorch's API come from (by default, torch itself)."""
    facts = facts or Facts()
    tree = ast.parse("\n".join(c.source for c in cells))
    names = []
    # In the order the names are written: an attribute's node ends where its name does.
    attributes = sorted((n for n in ast.walk(tree) if isinstance(n, ast.Attribute)), key=lambda n: (n.end_lineno, n.end_col_offset))
    for node in attributes:
        dotted = _dotted(node)
        if dotted and dotted.startswith("torch."):
            if not any(part.startswith("_") for part in dotted.split(".")) and not facts.is_module(dotted):
                names.append(dotted)
        elif "torch" in modules and _root(node) not in modules and facts.is_method(node.attr):
            names.append(node.attr)
    return list(dict.fromkeys(names))


def _root(node):
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return ".".join([node.id, *reversed(parts)]) if isinstance(node, ast.Name) else None


@lru_cache(maxsize=None)
def _resolve(dotted):
    import torch

    value = torch
    for part in dotted.split(".")[1:]:
        value = getattr(value, part, None)
    return value


@lru_cache(maxsize=None)
def _is_method(name):
    if len(name) < 2 or name.startswith("_") or hasattr(builtins, name):
        return False
    if any(hasattr(t, name) for t in PYTHON_TYPES):
        return False
    return any(hasattr(_resolve(owner), name) for owner in OWNERS)


def forms(name) -> list:
    """What a reader may type for `name`: each dotted tail (torch.nn.Linear, nn.Linear, Linear)."""
    parts = name.split(".")
    return [".".join(parts[i:]) for i in range(len(parts))]


def search_entries(first, urls, titles) -> list:
    """Entries for Material's search index, one per code cell that first uses PyTorch names: the names as
    title and, with their shorter forms, as tags, pointing at the cell (Material keys its index by address, so
    one address holds one entry; and one at the page's own address would replace the page). `urls` and
    `titles` map each example to its page's URL and title. A short form shared by two names (Linear:
    torch.nn.Linear and torch.nn.functional.linear) goes with the earlier page's."""
    owner = {}
    for name, (example, _) in sorted(first.items(), key=lambda item: (str(item[1][0]), item[0])):
        for form in forms(name):
            owner.setdefault(form.lower(), name)
    cells = {}
    for name, place in sorted(first.items()):
        # An in-place variant (requires_grad_) is found with its name (requires_grad): typed, the shorter
        # one would otherwise also match the variant's entry, the query being a prefix of it.
        if name.endswith("_") and name[:-1] in first:
            place = first[name[:-1]]
            owner[name.lower()] = name
        cells.setdefault(place, []).append(name)
    entries = []
    for (example, cell), names in sorted(cells.items(), key=lambda item: (str(item[0][0]), item[0][1])):
        # Every form goes in `tags`: the field Material weighs most, shown as labels under the result.
        tags = [f for name in names for f in forms(name) if owner[f.lower()] == name]
        text = f"<p>{html.escape(titles[example])} 단계의 코드가 처음 쓰는 PyTorch 이름입니다.</p>"
        entries.append({"location": f"{urls[example]}#{cell}", "title": ", ".join(names), "text": text, "tags": tags, "boost": SEARCH_BOOST})
    return entries


if __name__ == "__main__":  # a child of a fork server (ForkedFacts): one JSON answer per JSON question, until they end
    import sys

    for line in sys.stdin:
        kind, name = json.loads(line)
        print(json.dumps(getattr(Facts(), f"is_{kind}")(name)), flush=True)
