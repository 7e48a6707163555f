"""Builds each example's downloads: a script and an executed notebook that run alone, helpers bundled in."""

import ast
import html
import importlib.metadata
import json
import sys
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import nbformat

# Calls that name a module by a string (loss_plot finds koreanize-matplotlib's font file this way).
FINDERS = {"find_spec", "import_module"}
# Colab opens a notebook from a GitHub repository at COLAB/OWNER/REPO/blob/BRANCH/PATH.
COLAB = "https://colab.research.google.com/github"
# PyTorch's CPU wheels: without them, pip on a Linux machine without a GPU fetches a CUDA build of several GB.
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"


class BundleError(Exception):
    """An example whose downloads cannot be made to run alone (an import the build cannot resolve)."""


@dataclass(frozen=True)
class Bundle:
    """What a download of one example carries besides the example itself."""

    helpers: tuple  # (module name, source) of each helper module in examples/, dependencies first
    requirements: tuple  # "name==version" of each installed distribution the example or a helper imports

    @property
    def pip_line(self) -> str:
        return "pip install " + " ".join(self.requirements)


def bundle(example: Path, packages: "Installed | None" = None) -> Bundle:
    """The helpers `example` imports from its own folder (and theirs, recursively) and the pinned
    distributions that it and they import (`packages`, by default read now); BundleError names an import
    that is neither."""
    folder = example.parent
    helpers, order = {}, []

    def visit(path, chain):
        for name in _imported(path):
            if (folder / f"{name}.py").is_file() and name not in helpers:
                if name in chain:
                    raise BundleError(f"{path}: helper modules import each other in a cycle: {' -> '.join([*chain, name])}")
                helpers[name] = None
                visit(folder / f"{name}.py", [*chain, name])
                order.append(name)

    visit(example, [example.stem])
    modules = set()
    for path in [example, *(folder / f"{name}.py" for name in order)]:
        modules |= {name for name in _imported(path) if name not in helpers}
    return Bundle(
        helpers=tuple((name, (folder / f"{name}.py").read_text(encoding="utf-8")) for name in order),
        requirements=tuple(sorted((packages or installed()).pinned(module, example) for module in modules if not _is_stdlib(module))),
    )


def _imported(path: Path) -> list:
    """Top-level names of the modules a file imports, in order (a relative import is refused)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                raise BundleError(f"{path}:{node.lineno}: a download cannot carry a relative import")
            found.append(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and _called(node) in FINDERS and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append(first.value.split(".")[0])
    return list(dict.fromkeys(found))


def _called(call):
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _is_stdlib(module):
    return module in sys.stdlib_module_names or module == "__future__"


@dataclass(frozen=True)
class Installed:
    """What is installed, as downloads name it: the distributions providing each top-level module, and
    each distribution's pin "name==version" without a local label (torch 2.13.0+cpu is pinned as
    torch==2.13.0, which pip resolves to the build for the machine)."""

    modules: dict  # top-level module -> [distribution names]
    pins: dict  # distribution name -> "Name==version"

    def pinned(self, module, example) -> str:
        names = self.modules.get(module)
        if not names:
            raise BundleError(f"{example}: imports {module}, which is neither a helper in its folder nor an installed package")
        return self.pins[names[0]]


@lru_cache(maxsize=1)
def installed() -> Installed:
    """Read from importlib.metadata: about a second, as it opens every distribution's file list."""
    modules = importlib.metadata.packages_distributions()
    pins = {}
    for name in sorted({name for names in modules.values() for name in names}):
        dist = importlib.metadata.distribution(name)
        pins[name] = f"{dist.metadata['Name']}=={dist.version.split('+')[0]}"
    return Installed(modules, pins)


def installed_kept(store, environment: str) -> Installed:
    """`installed()`, kept in `store` for the `environment` it describes (every distribution's name and
    version: sitebuild/run/cache.py's fingerprint), so that a build reads it from one file."""
    return Installed(**store.json(["installed", environment, Path(__file__)], lambda: asdict(installed())))


def files_kept(store, example: Path, executed, title: str, url: str, environment: str, packages: Installed):
    """(script, notebook): the texts of the example's two downloads, kept in `store` by all they are made
    of: the example, the modules beside it that it may import, the executed notebook, the title and the
    address, the installed distributions (`environment`, which `packages` is read from) and this code.
    A file named from a digit (another example) is not among those modules: Python cannot import it."""
    modules = sorted(p for p in example.parent.glob("*.py") if not p.name[:1].isdigit())

    def make():
        made = bundle(example, packages)
        nb = notebook(executed, made, title, url, packages)
        return {"script": script(example, made, title, url), "notebook": nbformat.writes(nb)}

    parts = [
        "downloads", str(example), example, *(str(m.name) for m in modules), *modules,
        json.dumps(executed, sort_keys=True, ensure_ascii=False), title, url, environment,
        Path(__file__), nbformat.__version__,
    ]
    kept = store.json(parts, make)
    return kept["script"], kept["notebook"]


# The code that makes a download's helpers importable: each helper's source becomes a module in
# sys.modules, under its own name, so the example's `from loss_plot import …` runs unchanged.
# linecache holds the source, so that a traceback and `inspect.getsource` show its lines.
REGISTER = '''\
import linecache
import sys
import types


def _register_helper(name, source):
    """소스 코드를 모듈 `name`으로 실행해 등록합니다. 그 뒤로는 보통의 import로 가져올 수 있습니다."""
    filename = f"{name}.py"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    module = types.ModuleType(name)
    module.__file__ = filename
    sys.modules[name] = module
    exec(compile(source, filename, "exec"), module.__dict__)
'''


def helper_code(helpers) -> str:
    """A code cell's source that registers each helper module from its source, in order."""
    names = ", ".join(name for name, _ in helpers)
    lines = [
        f"# 이 셀은 예제가 import하는 도우미 모듈({names})의 소스를 그대로 담고 있습니다.",
        "# 사이트 저장소의 examples/ 폴더에 있는 같은 이름의 파일과 내용이 같고, 이 셀을 실행하면 파일 없이도",
        "# 보통의 모듈처럼 import할 수 있습니다. 예제를 이해하는 데 이 셀을 읽을 필요는 없습니다.",
        REGISTER,
    ]
    for name, source in helpers:
        lines += ["", f"_register_helper({name!r}, {_literal(source)})"]
    return "\n".join(lines)


def _literal(source: str) -> str:
    """`source` as a Python string literal that reads like the file: a raw triple-quoted string where
    that round-trips exactly, else the plain repr."""
    raw = "r'''" + source + "'''"
    try:
        if ast.literal_eval(raw) == source:
            return raw
    except (SyntaxError, ValueError):
        pass
    return repr(source)


def install_note(bundle: Bundle) -> list:
    """The Korean lines that say how to install what the example needs (comment text, no # yet)."""
    lines = [
        "이 파일 하나만 있으면 실행됩니다. 필요한 패키지는 아래 한 줄로 설치합니다(사이트가 이 예제를 실행할 때 쓴 판입니다).",
        "",
        f"    {bundle.pip_line}",
    ]
    if any(req.startswith("torch==") for req in bundle.requirements):
        lines += [
            "",
            "GPU가 없는 리눅스에서는 pip가 수 GB짜리 CUDA 빌드를 받으니, 위 줄 끝에",
            f"--extra-index-url {TORCH_CPU_INDEX} 를 덧붙여 CPU 빌드를 받으세요.",
        ]
    return lines


def script(example: Path, bundle: Bundle, title: str, url: str) -> str:
    """The example script that runs alone: a header with its pip line, and its helpers in a code cell
    right after the first prose cell (before any import of them)."""
    text = example.read_text(encoding="utf-8")
    header = [f"예제로 배우는 파이토치: {title}", url, "", *install_note(bundle), "", f"실행하기: python {example.name}"]
    if bundle.helpers:
        header += ["도우미 모듈은 첫 설명 셀 바로 아래의 코드 셀에 함께 들어 있습니다."]
    out = "\n".join(f"# {line}".rstrip() for line in header) + "\n\n"
    if not bundle.helpers:
        return out + text
    at = _end_of_first_cell(text, example)
    return out + text[:at] + "# %%\n" + helper_code(bundle.helpers) + "\n\n\n" + text[at:]


def _end_of_first_cell(text, example):
    """Where the second `# %%` cell marker of a percent-format script starts."""
    markers = [i for i, line in enumerate(text.splitlines(keepends=True)) if line.startswith("# %%")]
    if len(markers) < 2:
        raise BundleError(f"{example}: needs a first prose cell before its code (two `# %%` cell markers at least)")
    return sum(len(line) for line in text.splitlines(keepends=True)[: markers[1]])


def notebook(executed, bundle: Bundle, title: str, url: str, packages: "Installed | None" = None):
    """The executed notebook that runs alone, in Colab too: a first cell that installs what the
    environment lacks, the page's own cells with their outputs, and its helpers in a code cell after
    the first prose cell (folded in Colab and Jupyter)."""
    nb = nbformat.reads(nbformat.writes(executed), as_version=4)  # a copy: the page keeps its own
    cells = [_install_cell(bundle, title, url, packages or installed())]
    first, rest = nb.cells[0], nb.cells[1:]
    cells.append(first)
    if bundle.helpers:
        helpers = nbformat.v4.new_code_cell(f"# @title 도우미 모듈 ({', '.join(n for n, _ in bundle.helpers)})\n" + helper_code(bundle.helpers))
        helpers.id = "download-helpers"
        # Colab shows a "form" cell as its title with the code hidden; Jupyter folds a hidden source.
        helpers.metadata.update({"cellView": "form", "jupyter": {"source_hidden": True}})
        cells.append(helpers)
    nb.cells = cells + rest
    nb.metadata.pop("sitebuild", None)  # the cache's fingerprint; sitebuild_run (losses, versions) stays
    return nb


def _install_cell(bundle: Bundle, title: str, url: str, packages: Installed):
    """A code cell that pip-installs, with this kernel's Python, the required packages it cannot import."""
    modules = {}
    for req in bundle.requirements:
        name = req.split("==")[0]
        provided = sorted(m for m, dists in packages.modules.items() if name in dists and not m.startswith("_"))
        # The module named after the distribution when it has one (matplotlib, not mpl_toolkits or pylab,
        # which it also installs): the same cell on every build, whatever order the metadata was read in.
        own = name.replace("-", "_")
        modules[own if own in provided else (provided or [name])[0]] = req
    entries = "\n".join(f"    {module!r}: {req!r}," for module, req in sorted(modules.items()))
    source = "\n".join(
        [
            f"# 예제로 배우는 파이토치: {title}",
            f"# {url}",
            "#",
            "# 이 셀은 예제에 필요한 패키지 가운데 지금 환경에서 import할 수 없는 것만 설치합니다.",
            "# Google Colab에는 torch, NumPy, matplotlib가 이미 있으므로 보통은 한글 글꼴 패키지만 설치됩니다.",
            "# 이미 있는 패키지는 판이 달라도 그대로 쓰므로, 출력의 뒷자리가 페이지와 조금 다를 수 있습니다.",
            "# 사이트가 이 예제를 실행한 환경을 그대로 만들려면 터미널에서 다음 한 줄로 설치하세요.",
            "#",
            f"#     {bundle.pip_line}",
            "import importlib.util",
            "import subprocess",
            "import sys",
            "",
            "REQUIRED = {  # import 이름: 설치할 패키지와 판",
            entries,
            "}",
            "missing = [package for module, package in REQUIRED.items() if importlib.util.find_spec(module) is None]",
            "if missing:",
            '    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *missing], check=True)',
            'print("새로 설치한 패키지:", ", ".join(missing) or "없음")',
        ]
    )
    cell = nbformat.v4.new_code_cell(source)
    cell.id = "download-install"
    return cell


def links(example: Path, colab: str = "") -> str:
    """HTML paragraph offering `<stem>.py` and `<stem>.ipynb` (relative to the example's page) and,
    when the site knows where its notebooks are published, the notebook in Colab."""
    items = [
        f'<a href="{example.stem}.py" download>파이썬 스크립트 ({example.name})</a>',
        f'<a href="{example.stem}.ipynb" download>실행 결과가 담긴 노트북 ({example.stem}.ipynb)</a>',
    ]
    colab = f' · <a class="sitebuild-colab" href="{html.escape(colab)}">Colab에서 열기</a>' if colab else ""
    return '<p class="sitebuild-downloads">내려받기: ' + " · ".join(items) + colab + "</p>"


def put_under_title(cells: list, block: str) -> bool:
    """Put the HTML `block` right under the title line (`# ...`) of the first prose cell, as an HTML block
    of its Markdown; False (nothing changed) when there is no such title."""
    first = next((cell for cell in cells if cell.cell_type == "markdown"), None)
    lines = first.source.split("\n") if first else []
    for at, line in enumerate(lines):
        if line.startswith("# "):
            # Blank lines around it: Markdown takes an HTML block as it is, up to the next blank line.
            first.source = "\n".join([*lines[: at + 1], "", block, "", *lines[at + 1 :]])
            return True
    return False
