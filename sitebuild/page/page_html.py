"""The one pass over an example page's rendered HTML: parsed once, mended in the order below, written once."""

import base64
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import notebook_assets, tree
from .headings import fix_headings, toc
from .images import describe_images
from .notebook_math import mark_math
from .prose_code import wrap_prose_code
from .search_text import search_text

# The code of the pass: a change to any of it makes `mend_kept` mend again.
CODE = tuple(sorted(Path(__file__).parent.glob("*.py")))


@dataclass
class Mended:
    html: str
    headings: list  # the TOC's entries, flat (sitebuild/page/headings.py)
    css: list = field(default_factory=list)  # the <style> blocks taken out, for the shared stylesheet
    images: dict = field(default_factory=dict)  # {file name: PNG bytes} of the plots taken out
    search: str = ""  # what the search index reads of the page (sitebuild/page/search_text.py)
    terms: list = field(default_factory=list)  # the glossary terms the page uses
    classes: list = field(default_factory=list)  # every class the page names: the notebook stylesheet keeps their rules

    @property
    def toc(self):
        return toc(self.headings)


def mend(content, title, slug_options, mark_terms=None, alts=()) -> Mended:
    """What mkdocs-jupyter rendered, mended for the site. `mark_terms(doc)` marks the glossary's terms
    and returns those it found; `alts` are the alt texts of the notebook's image outputs (images.image_alts)."""
    doc = tree.parse(content)
    # 1. The template's leftovers: its <style> blocks (their CSS goes to one shared stylesheet), its copy
    #    widgets and scripts (Material's copy button replaces them). Gone first, so no later step reads them.
    css = notebook_assets.take_styles(doc)
    notebook_assets.drop_template_widgets(doc)
    # 2. Text: math in prose as arithmatex marks it, then headings (a heading's TOC name keeps its math).
    mark_math(doc)
    headings = fix_headings(doc, **slug_options)
    # 3. Plots: the alt text their outputs carry (the template drops it), then PNG files in place of inline data.
    describe_images(doc, alts, title)
    images = notebook_assets.take_images(doc, base64.b64decode)
    # 4. Code: every block inside <code> as Material expects, then lighter Pygments markup.
    notebook_assets.use_material_code_blocks(doc)
    wrap_prose_code(doc)
    notebook_assets.lighten_code(doc)
    # 5. What draws nothing: the empty elements the notebook CSS hides (a prose cell's is found by its
    #    jp-RenderedMarkdown class), then the classes nothing reads (that one among them).
    notebook_assets.drop_hidden(doc)
    notebook_assets.drop_unread(doc)
    # 6. The glossary's marks, on the prose as the reader gets it; the search copy has them too.
    terms = mark_terms(doc) if mark_terms else []
    search = search_text(doc)
    # 7. Last, the whitespace the template indents with, which the browser collapses anyway; then what
    #    the page holds, for the stylesheet's trim.
    notebook_assets.squeeze(doc)
    classes = sorted({name for element in doc.elements() for name in element.classes})
    return Mended(doc.html(), headings, css, images, search, terms, classes)


def mend_kept(store, settings, content, title, slug_options, mark_terms=None, alts=()) -> Mended:
    """`mend`, kept in `store` (sitebuild/store.py) by the content, the title, the alt texts, the code of the pass and
    `settings`: the files and values that decide the rest (mkdocs.yml, the glossary and its code, the page).
    A rebuild (`mkdocs serve`) then mends only the pages whose rendered HTML changed."""

    def make():
        mended = mend(content, title, slug_options, mark_terms, alts)
        images = {name: base64.b64encode(data).decode() for name, data in mended.images.items()}
        return {**asdict(mended), "images": images}

    kept = store.json(["page_html", content, title, *alts, *settings, *CODE], make)
    kept["images"] = {name: base64.b64decode(data) for name, data in kept["images"].items()}
    return Mended(**kept)
