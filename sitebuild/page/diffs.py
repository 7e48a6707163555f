"""Shows, folded under each step's "what changed" section, how its code differs from the previous step's."""

import difflib
import html
import re

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import DiffLexer

# The section whose prose says why the code changed; the diff goes right after it.
SECTION = re.compile(r"무엇이\s*(바뀌었나|달라졌나)")


def code_lines(nb) -> list:
    """The example's code cells, in order, as one list of lines (prose and exercise answers left out)."""
    lines = []
    for cell in nb.cells:
        if cell.cell_type == "code" and "answer" not in cell.metadata.get("tags", []):
            if lines:
                lines.append("")
            lines.extend(cell.source.splitlines())
    return lines


def unified_diff(previous, current, previous_name, current_name) -> str:
    """The code-only unified diff from the previous step's example to this one."""
    return "\n".join(
        difflib.unified_diff(code_lines(previous), code_lines(current), previous_name, current_name, lineterm="")
    )


def diff_block(diff: str, previous_title: str, previous_link: str) -> str:
    """A folded <details> holding the highlighted diff."""
    added = sum(1 for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++"))
    removed = sum(1 for line in diff.splitlines() if line.startswith("-") and not line.startswith("---"))
    body = highlight(diff, DiffLexer(), HtmlFormatter(nowrap=True))
    return (
        '<details class="sitebuild-diff">'
        f"<summary>앞 단계와 비교한 코드 변화 (추가 {added}줄, 삭제 {removed}줄)</summary>"
        f'<p>앞 단계인 <a href="{html.escape(previous_link)}">{html.escape(previous_title)}</a> 페이지의 스크립트와 이 페이지의 스크립트를 '
        "코드 셀만 모아 비교했습니다. 설명 셀과 연습 문제의 답은 빠져 있습니다. <code>+</code>로 시작하는 줄은 이 단계에서 새로 생긴 "
        "코드이고, <code>-</code>로 시작하는 줄은 앞 단계에만 있던 코드입니다. 왜 바뀌었는지는 바로 위의 설명을 "
        "보세요.</p>"
        f'<div class="highlight"><pre><code>{body}</code></pre></div></details>'
    )


def put_after_section(cells: list, block):
    """Put the cell `block` right after the prose cell holding the "## … 무엇이 바뀌었나" heading; ValueError if none."""
    for at, cell in enumerate(cells):
        if cell.cell_type == "markdown" and any(line.startswith("## ") and SECTION.search(line) for line in cell.source.splitlines()):
            cells.insert(at + 1, block)
            return
    raise ValueError('no "## … 무엇이 바뀌었나" (or 달라졌나) section to put the diff from the previous step in')
