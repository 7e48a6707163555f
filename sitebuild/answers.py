"""Folds each run of consecutive answer cells (cell tag `answer`) of a notebook page into a closed <details>."""

import re

TAG = "answer"
SUMMARY = "답 보기"
# Material's `success` type gives the fold a check-mark icon and green edge in both color schemes, so
# it does not look like the page's other folds (the code diff uses the default, a pencil).
CLASSES = f"{TAG} success"
# A notebook cell's opening tag; a code cell comes wrapped in a second, id-less cell div.
CELL = re.compile(r'<div\b[^>]*\bclass="jp-Cell\b[^"]*"[^>]*>')
DIV = re.compile(r"<(/?)div\b[^>]*>")
# nbconvert writes a cell's tags as `celltag_<tag>` classes: on the cell of a code cell, and on the
# rendered Markdown inside a Markdown cell.
MARKDOWN = re.compile(r'<div\b[^>]*\bclass="[^"]*\bjp-RenderedMarkdown\b[^"]*"[^>]*>')
TAGGED = re.compile(rf'\bclass="[^"]*\bcelltag_{TAG}\b')
# mkdocs-jupyter shows a tagged code cell's tags in a toolbar above its code; the fold says it all.
TOOLBAR = re.compile(r'<div class="celltoolbar">')


def fold_answers(content: str) -> str:
    """The page with every run of answer cells (only whitespace between them) inside one closed
    <details class="answer success"><summary>답 보기</summary>…</details>, without the toolbar naming their tag;
    other cells are left as they are."""
    runs = []  # [start, end] of each run of answer cells
    at = 0
    while match := CELL.search(content, at):
        end = _closing(content, match.end())
        if _is_answer(content, match, end):
            if runs and not content[runs[-1][1]:match.start()].strip():
                runs[-1][1] = end
            else:
                runs.append([match.start(), end])
        at = end
    for start, end in reversed(runs):
        content = (
            f'{content[:start]}<details class="{CLASSES}"><summary>{SUMMARY}</summary>\n'
            f"{_without_toolbars(content[start:end])}\n</details>{content[end:]}"
        )
    return content


def _without_toolbars(cells):
    while match := TOOLBAR.search(cells):
        cells = cells[: match.start()] + cells[_closing(cells, match.end()):]
    return cells


def _is_answer(content, match, end):
    if TAGGED.search(match.group(0)):
        return True
    if "jp-MarkdownCell" not in match.group(0):
        return False
    rendered = MARKDOWN.search(content, match.end(), end)
    return bool(rendered and TAGGED.search(rendered.group(0)))


def _closing(content, at):
    """The index just past the </div> that closes the <div> opened right before `at`."""
    depth = 1
    for tag in DIV.finditer(content, at):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    raise ValueError("a notebook cell's <div> is never closed")
