"""Typesets the math of Markdown pages at build time with the site's MathJax, so they load no MathJax script."""

import html
import json
import re
import subprocess
from pathlib import Path

import tinycss2

from . import mathjax
from ..store import Store

SCRIPT = Path(__file__).with_name("typeset_math.cjs")
# pymdownx.arithmatex (generic mode): \( … \) in a span, \[ … \] in a div; the TeX is HTML-escaped.
FORMULA = re.compile(r'<(span|div) class="arithmatex">\\([(\[])(.*?)\\[)\]]</\1>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")
FONTS = f"{mathjax.TARGET}/{mathjax.FONTS}"  # where the site serves MathJax's fonts (sitebuild/site/mathjax.py)
# One stylesheet for the math of every page (the browser caches it): the rules all pages' formulas need.
STYLESHEET = "assets/stylesheets/math.css"


class MathError(Exception):
    """A formula MathJax cannot typeset, or MathJax that cannot run."""


def typeset(content: str, root: Path, store: Store, font_url: str, opening: int | None = None):
    """(content with each formula's TeX replaced by MathJax's CHTML markup, the CSS that markup needs);
    the CSS is empty when the page has no math. With `opening`, only the formulas that start within the
    first `opening` characters of the page's text. Results are kept in `store` by the formulas, MathJax's version
    and the code that typesets them: all the page's formulas, typeset together even when only the opening's
    are used, so that an edit which moves a formula into or out of the opening (a sentence added above it,
    or output printed) finds them kept instead of starting MathJax again."""
    every = list(FORMULA.finditer(content))
    found = every if opening is None else _within_opening(content, every, opening)  # a prefix of `every`
    if not found:
        return content, ""
    formulas = [{"tex": html.unescape(m.group(3)).strip(), "display": m.group(2) == "["} for m in every]
    rendered = _render(formulas, font_url, root, store)
    pieces, at = [], 0
    for match, markup in zip(found, rendered["html"]):
        tag = match.group(1)
        pieces += [content[at:match.start()], f'<{tag} class="arithmatex">{markup}</{tag}>']
        at = match.end()
    return "".join([*pieces, content[at:]]), rendered["css"]


def _within_opening(content, found, opening):
    """The formulas whose first character comes within the first `opening` characters of text (tags not counted)."""
    kept, text, at = [], 0, 0
    for match in found:
        text += len(TAG.sub("", content[at:match.start()]))
        if text >= opening:
            break
        kept.append(match)
        text += len(match.group(3))
        at = match.end()
    return kept


def _render(formulas, font_url, root, store):
    request = json.dumps({"formulas": formulas, "fontURL": font_url}, ensure_ascii=False)
    package = root / "node_modules" / "mathjax" / "package.json"  # present: mathjax_files() checks it first

    def run():
        try:
            proc = subprocess.run(["node", str(SCRIPT), str(root)], input=request, capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise MathError(f"could not run node for MathJax: {error}") from None
        if proc.returncode != 0:
            errors = [line for line in proc.stderr.splitlines() if "No version information" not in line]
            raise MathError("\n".join(errors) or f"node exited with {proc.returncode}")
        return proc.stdout

    return store.json([request, package, SCRIPT, Path(__file__)], lambda: json.loads(run()))


def merge(stylesheets) -> str:
    """One stylesheet holding each rule of `stylesheets` once, in the order first seen (MathJax writes the
    same base rules for every page, and a rule per glyph a page's formulas draw)."""
    rules = {}
    for css in stylesheets:
        for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
            rules.setdefault(rule.serialize().strip(), None)
    return "\n".join(rules)


def merge_kept(store: Store, stylesheets) -> str:
    """`merge`, kept in `store` by the stylesheets and this code: parsing them takes a tenth of a second."""
    stylesheets = list(stylesheets)
    parts = ["math-css", *stylesheets, Path(__file__), tinycss2.__version__]
    return store.text(parts, lambda: merge(stylesheets), ".css")
