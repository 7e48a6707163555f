"""Slims notebook pages: CSS to one cached stylesheet, plots to image files, no markup that draws nothing."""

import hashlib
import re

STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
# mkdocs-jupyter's own copy widget (an inline SVG per code cell), replaced by Material's copy button,
# which appears on every `pre > code`.
COPY_WIDGET = re.compile(
    r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>'
    r'|<div class="clipboard-copy-txt" id="[^"]*">.*?</div>',  # the hidden plain-text copy of each cell
    re.DOTALL,
)
# The scripts its template puts into every page: the copy widget's library and listener, a MathJax 2
# loader with an empty src and its configuration (this site serves MathJax 3 itself), and a Mermaid
# loader (no example draws Mermaid diagrams).
TEMPLATE_SCRIPTS = re.compile(
    r"<script[^>]*>\s*(?:\(function \(global, factory\)|document\.addEventListener\('clipboard-copy'"
    r"|document\.addEventListener\(\"DOMContentLoaded\", async \(\) => \{\s*const diagrams|init_mathjax = )"
    r".*?</script>|<script src=\"\">\s*</script>",
    re.DOTALL,
)
CODE = re.compile(r'(<div class="highlight-ipynb[^"]*)"><pre>(.*?)</pre>', re.DOTALL)
IMAGE = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=\s]+)"')
# Elements whose whitespace shows (pre, and code under Material's `white-space: pre-wrap`) or is code.
VERBATIM = re.compile(r"(<(pre|code|script|style|textarea)[\s>].*?</\2>)", re.DOTALL)
LINE_BREAK = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")  # ASCII whitespace only: a no-break space shows
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
PRE = re.compile(r"<pre[\s>].*?</pre>", re.DOTALL)
CELL_CODE = re.compile(r'(<div class="highlight-ipynb[^"]*"><pre>)(.*?)(</pre>)', re.DOTALL)
# Empty elements the notebook CSS hides (`display: none`): the cell collapsers, and the prompt
# column of prose cells (only code cells show theirs).
HIDDEN = re.compile(
    r'<div class="jp-Collapser [^"]*">\s*</div>'
    r'|<div class="jp-InputPrompt jp-InputArea-prompt">\s*</div>(?=\s*<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown)'
    # Labels that no style or script reads: mime types (the notebook CSS styles only stderr's), and
    # the editor type of each code cell.
    r'| data-mime-type="text/(?:markdown|plain)"| data-type="inline"'
)

# Classes mkdocs-jupyter writes that no stylesheet or script of the site reads (tests/test_page_weight.py
# checks that they stay unread): 2.4 KB of the longest page.
UNREAD_CLASSES = ("jp-Notebook-cell", "jp-RenderedMarkdown", "jp-InputArea-prompt", "jp-Editor", "hl-python")
DIV_CLASSES = re.compile(r'<div class="([^"]*)"')

# Pygments token classes whose <span>s go from code cells, their text staying. Names are drawn in the
# code's own color anyway and whitespace shows no glyph; punctuation loses JupyterLab's blue and takes
# the code's color, the one visible change, which kept the longest step's page under its old 120 KB (raw) budget
# (its <span>s are a tenth of that page). Plain code text against a cell's background measured 9.0:1
# (light) and 7.3:1 (dark) contrast in Chromium.
PLAIN_IN_CELLS = ("n", "w", "p")
PLAIN_EVERYWHERE = ("n", "w")  # in prose code blocks and diffs too: Material draws names in the code's color

STYLESHEET = "assets/stylesheets/notebook.css"


def take_styles(content):
    """The content without its <style> blocks, and the CSS they held (a block of Python list syntax,
    which mkdocs-jupyter's template prints by mistake and browsers ignore, is dropped)."""
    blocks = [css.strip() for css in STYLE.findall(content)]
    return STYLE.sub("", content), [css for css in blocks if not css.startswith("[")]


def use_material_code_blocks(content):
    """Drop the notebook copy widgets and their script; wrap cell code in <code> for Material's button."""
    content = TEMPLATE_SCRIPTS.sub("", COPY_WIDGET.sub("", content))
    content = CODE.sub(r'\1 highlight"><pre><code>\2</code></pre>', content)
    # Material names the copy target after the nearest id; "cell-id=cell-3" would not be a valid selector.
    return content.replace(' id="cell-id=', ' id="')


def take_images(content, decode):
    """The content with each inline PNG replaced by a file name, and {file name: PNG bytes}."""
    images = {}

    def replace(match):
        data = decode(match.group(1))
        name = f"figure-{hashlib.sha256(data).hexdigest()[:12]}.png"
        images[name] = data
        return f'src="{name}"'

    return IMAGE.sub(replace, content), images


def squeeze(content):
    """Collapse every run of whitespace that holds a line break to one line break, and drop comments,
    outside <pre>, <code>, <script>, <style> and <textarea> (the browser shows it the same)."""
    parts = VERBATIM.split(content)
    # split() gives [text, element, tag name, text, element, tag name, ..., text]
    out = []
    for i in range(0, len(parts), 3):
        out.append(LINE_BREAK.sub("\n", COMMENT.sub("", parts[i])))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)


def _unwrap(code, classes):
    """`code` without the <span>s of `classes` around their text, and without empty <span>s."""
    pattern = r'<span class="(?:' + "|".join(map(re.escape, classes)) + r')">([^<]*)</span>'
    return re.sub(pattern, r"\1", code).replace("<span></span>", "")


def _merge(code):
    """Join neighbouring <span>s of one class, with the whitespace between them, into one <span>."""
    twins = re.compile(r'<span class="([\w-]+)">([^<]*)</span>(\s*)<span class="\1">')
    count = 1
    while count:
        code, count = twins.subn(r'<span class="\1">\2\3', code)
    return code


def lighten_code(content):
    """Code blocks without the <span>s of PLAIN_IN_CELLS (cells) and PLAIN_EVERYWHERE (every <pre>),
    and with neighbouring <span>s of one class joined (runs of diff lines, mostly)."""
    content = CELL_CODE.sub(lambda m: m.group(1) + _unwrap(m.group(2), PLAIN_IN_CELLS) + m.group(3), content)
    return PRE.sub(lambda m: _merge(_unwrap(m.group(0), PLAIN_EVERYWHERE)), content)


def drop_hidden(content):
    """The content without the empty elements the notebook CSS hides, and without unread labels."""
    return HIDDEN.sub("", content)


def drop_unread(content):
    """The content without UNREAD_CLASSES on its <div>s."""

    def replace(match):
        return '<div class="' + " ".join(c for c in match.group(1).split() if c not in UNREAD_CLASSES) + '"'

    return DIV_CLASSES.sub(replace, content)


# A run of diff lines is now one <span>; each line keeps its own rounded background, as before.
MERGED_LINES_CSS = ".highlight .gd,.highlight .gi{-webkit-box-decoration-break:clone;box-decoration-break:clone}"
