"""nbconvert's templates compiled once and kept in the store (sitebuild/page/nbconvert_cache.py), with real mkdocs-jupyter renders."""

import jinja2
import nbformat
from mkdocs_jupyter import convert
from nbconvert.exporters.templateexporter import TemplateExporter

from sitebuild.page import nbconvert_cache
from sitebuild.store import Store


def notebook(folder):
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# 제목\n\n설명 $x^2$"), nbformat.v4.new_code_cell("print(1)")],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    path = folder / "tiny.ipynb"
    nbformat.write(nb, str(path))
    return str(path)


def test_a_page_renders_the_same_from_kept_templates_without_compiling_them(tmp_path, monkeypatch):
    path = notebook(tmp_path)
    monkeypatch.setattr(TemplateExporter, "_create_environment", nbconvert_cache._create)  # both restored after the test
    monkeypatch.setitem(nbconvert_cache._current, "cache", None)
    plain = convert.nb2html(path), convert.nb2md(path)
    assert nbconvert_cache.use(Store(tmp_path / "store"))  # this nbconvert makes its environments as the module expects
    compiled = []
    original = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda env, *a, **k: compiled.append(a[1] if len(a) > 1 else None) or original(env, *a, **k))
    first = convert.nb2html(path), convert.nb2md(path)
    assert compiled  # the first render compiles and keeps them
    compiled.clear()
    nbconvert_cache.use(Store(tmp_path / "store"))  # the next build
    again = convert.nb2html(path), convert.nb2md(path)
    assert compiled == []
    assert plain == first == again
