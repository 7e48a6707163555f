"""Slims notebook pages: their CSS goes to one cached stylesheet, plots to image files, copy widgets to Material's."""

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
BETWEEN_TAGS = re.compile(r">\s*\n\s*<")

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
    """Collapse blank lines and indentation between tags to one line break (never inside <pre>)."""
    parts = re.split(r"(<pre[\s>].*?</pre>)", content, flags=re.DOTALL)
    out = []
    for part in parts:
        if not part.startswith("<pre"):
            part = BETWEEN_TAGS.sub(">\n<", part)
            part = re.sub(r">\s*\n\s*$", ">\n", part)
            part = re.sub(r"^\s*\n\s*<", "\n<", part)
        out.append(part)
    return "".join(out)


def link_stylesheet(output, href):
    """The page with the shared notebook stylesheet linked in its <head>."""
    return output.replace("</head>", f'<link rel="stylesheet" href="{href}">\n</head>', 1)
