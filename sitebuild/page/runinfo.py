"""Ends each example page with how its outputs were produced: running time, device and versions."""

import html

import nbformat

HEADING = "실행 정보"
TAG = "run-info"  # nbconvert marks the cell's rendered Markdown with the class celltag_run-info


def cell(results: dict):
    """The page's last prose cell: a section with a table of the run (the example notebook's results)."""
    run = results.get("run", {})
    device = run.get("device", "")
    where = f"{device} ({run['device_name']})" if run.get("device_name") else device
    rows = [
        ("실행 시간", f"{results['seconds']:.1f}초 (Jupyter 커널 시작 포함)"),
        ("장치", where),
        ("Python", run.get("python", "")),
        ("torch", run.get("torch", "쓰지 않음")),
        ("NumPy", run.get("numpy", "쓰지 않음")),
        # One setting a line; on a phone a long one breaks after an underscore (<wbr>), not inside a word.
        ("수학 라이브러리 스레드", [f"{k}={v}" for k, v in sorted(run.get("threads", {}).items())] or "제한 없음"),
        ("실행한 때 (UTC)", results.get("finished", "")),
    ]
    body = "".join(f"<tr><th>{html.escape(k)}</th><td>{_cell(v)}</td></tr>" for k, v in rows)
    source = (
        f"## {HEADING}\n\n"
        "이 페이지의 출력과 그림은 아래 환경에서 예제를 실행해 얻은 것입니다. "
        "예제 코드가 바뀌지 않은 빌드는 이 실행의 결과를 다시 씁니다.\n\n"
        f"<table><tbody>{body}</tbody></table>"
    )
    info = nbformat.v4.new_markdown_cell(source, metadata={"tags": [TAG]})
    info.id = TAG
    return info


def _cell(value) -> str:
    """A table cell's HTML: the text, or a list's items one a line."""
    if isinstance(value, list):
        return "<br>".join(html.escape(item).replace("_", "_<wbr>") for item in value)
    return html.escape(str(value))
