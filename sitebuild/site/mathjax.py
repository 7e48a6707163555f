"""Serves the MathJax pinned in package.json from the site itself, so math needs no outside server."""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

SCRIPT = "tex-chtml.js"
FONTS = "output/chtml/fonts/woff-v2"
TARGET = "assets/mathjax"


def mathjax_files(root: Path, config):
    """The MathJax script and the fonts it loads, as files placed under assets/mathjax/ of the site."""
    es5 = root / "node_modules" / "mathjax" / "es5"
    if not (es5 / SCRIPT).is_file():
        raise PluginError(f"MathJax is missing: {es5 / SCRIPT} does not exist; run `npm ci` first")
    sources = [es5 / SCRIPT, *sorted((es5 / FONTS).glob("*.woff"))]
    return [
        File.generated(config, f"{TARGET}/{path.relative_to(es5).as_posix()}", abs_src_path=str(path))
        for path in sources
    ]
