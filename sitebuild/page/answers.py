"""Folds each run of consecutive answer cells (cell tag `answer`) of a page's notebook into a closed <details>."""

TAG = "answer"
SUMMARY = "답 보기"
# Material's `success` type gives the fold a check-mark icon and green edge in both color schemes, so
# it does not look like the page's other folds (the code diff uses the default, a pencil).
CLASSES = f"{TAG} success"
OPEN = f'<details class="{CLASSES}"><summary>{SUMMARY}</summary>'
CLOSE = "</details>"


def is_answer(cell) -> bool:
    return TAG in cell.metadata.get("tags", [])


def fold(cells: list, html_cell) -> list:
    """The cells with every run of answer cells between two HTML cells (`html_cell(id, source)`) that open
    and close one <details>. The answer cells lose their tag, which mkdocs-jupyter would show above their
    code: the fold says it all. Other cells are left as they are."""
    flags = [is_answer(cell) for cell in cells]
    out = []
    runs = 0
    for at, (cell, answer) in enumerate(zip(cells, flags)):
        if answer and not (at and flags[at - 1]):
            runs += 1
            out.append(html_cell(f"answer-{runs}", OPEN))
        if answer:
            cell.metadata["tags"] = [tag for tag in cell.metadata["tags"] if tag != TAG]
        out.append(cell)
        if answer and not (at + 1 < len(cells) and flags[at + 1]):
            out.append(html_cell(f"answer-{runs}-end", CLOSE))
    return out
