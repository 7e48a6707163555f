"""Measures each code cell's text output and names the cells whose output passes the build's limit."""

from dataclasses import dataclass

# Of a rich output (a display or a cell's value), the page shows the HTML when there is some, an
# image when there is one, and the plain text otherwise. Images are not counted: the page takes
# them out into PNG files (notebook_assets.take_images), and their size is the figure's, not the
# amount a cell printed; a runaway cell is one that prints (or displays text) in a loop.
SHOWN_TEXT = ("text/html", "text/plain")


@dataclass(frozen=True)
class Limit:
    lines: int  # 0: no limit on lines
    kb: float  # KB of 1024 bytes (UTF-8); 0: no limit on size


@dataclass(frozen=True)
class Size:
    lines: int
    bytes: int

    @property
    def kb(self) -> float:
        return self.bytes / 1024


def shown_text(output) -> str:
    """The text of one output as the page shows it; empty for an image or an error."""
    kind = output.get("output_type")
    if kind == "stream":
        return output.get("text", "")
    if kind in ("execute_result", "display_data"):
        data = output.get("data", {})
        if "text/html" in data:
            return _text(data["text/html"])
        if any(mime.startswith("image/") for mime in data):
            return ""
        return _text(data.get("text/plain", ""))
    return ""  # an error fails the build on its own


def measure(cell) -> Size:
    """Lines and UTF-8 bytes of all the text a code cell's outputs show (stdout and stderr alike)."""
    lines = size = 0
    for output in cell.get("outputs", []):
        text = shown_text(output)
        lines += text.count("\n") + (1 if text and not text.endswith("\n") else 0)
        size += len(text.encode("utf-8"))
    return Size(lines, size)


def over_limit(nb, starts, limit: Limit):
    """(file line where the cell's source starts, what passed the limit) for each code cell over it."""
    for cell, start in zip(nb.cells, starts):
        if cell.cell_type != "code":
            continue
        size = measure(cell)
        passed = []
        if limit.lines and size.lines > limit.lines:
            passed.append(f"{size.lines} lines, over the limit of {limit.lines}")
        if limit.kb and size.bytes > limit.kb * 1024:
            passed.append(f"{size.kb:.1f} KB, over the limit of {limit.kb:g} KB")
        if passed:
            yield start, "; ".join(passed)


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else value
