"""Ends each example page with how its outputs were produced: running time, device and versions."""

import html

HEADING = "실행 정보"


def run_info(results: dict) -> str:
    """HTML section (a heading in nbconvert's form, so its id and TOC entry are fixed like the rest)."""
    run = results.get("run", {})
    device = run.get("device", "")
    where = f"{device} ({run['device_name']})" if run.get("device_name") else device
    rows = [
        ("실행 시간", f"{results['seconds']:.1f}초 (Jupyter 커널 시작 포함)"),
        ("장치", where),
        ("Python", run.get("python", "")),
        ("torch", run.get("torch", "쓰지 않음")),
        ("NumPy", run.get("numpy", "쓰지 않음")),
        ("수학 라이브러리 스레드", " ".join(f"{k}={v}" for k, v in sorted(run.get("threads", {}).items())) or "제한 없음"),
        ("실행한 때 (UTC)", results.get("finished", "")),
    ]
    body = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    return (
        '<div class="sitebuild-run-info">'
        f'<h2 id="{HEADING}">{HEADING}<a class="anchor-link" href="#{HEADING}">¶</a></h2>'
        "<p>이 페이지의 출력과 그림은 아래 환경에서 예제를 실행해 얻은 것입니다. "
        "예제 코드가 바뀌지 않은 빌드는 이 실행의 결과를 다시 씁니다.</p>"
        f'<table><tbody>{body}</tbody></table></div>'
    )
