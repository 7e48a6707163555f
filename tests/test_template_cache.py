"""sitebuild.template_cache: the theme's compiled templates kept in the build store, by source and whitespace settings."""

from jinja2 import DictLoader, Environment

from sitebuild.store import Store
from sitebuild.template_cache import StoreBytecodeCache

TEMPLATE = "<ul>\n  {% for x in items %}\n    <li>{{ x }}</li>\n  {% endfor %}\n</ul>"


def render(store, source=TEMPLATE, **settings):
    env = Environment(loader=DictLoader({"page.html": source}), bytecode_cache=StoreBytecodeCache(store), **settings)
    return env.get_template("page.html").render(items=[1, 2])


def test_a_kept_template_renders_as_a_fresh_one(tmp_path):
    store = Store(tmp_path / "store")
    first = render(store)
    kept = sorted(p.name for p in (tmp_path / "store").iterdir())
    assert kept and render(store) == first == render(Store(tmp_path / "other"))
    assert sorted(p.name for p in (tmp_path / "store").iterdir()) == kept  # read back, nothing added


def test_a_changed_source_or_whitespace_setting_compiles_again(tmp_path):
    store = Store(tmp_path / "store")
    loose = render(store)
    trimmed = render(store, trim_blocks=True, lstrip_blocks=True)
    assert trimmed == "<ul>\n    <li>1</li>\n    <li>2</li>\n</ul>" != loose
    assert render(store, source=TEMPLATE.replace("li", "p")).count("<p>") == 2
