"""Every page uses the glossary's Korean terms (../shared/GLOSSARY.md), never a rejected variant."""

import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, prose_cells

# Rejected spellings from the glossary's "do not use" column, with the term to write instead.
REJECTED = {
    "그래디언트": "변화도", "그라디언트": "변화도", "기울기": "변화도",
    "자동 차별화": "자동 미분", "오토그라드": "autograd",
    "포워드": "순전파", "백워드": "역전파", "백프롭": "역전파",
    "계산 그래프": "연산 그래프", "로스": "손실", "최소제곱오차": "평균 제곱 오차",
    "학습 속도": "학습률", "러닝 레이트": "학습률", "웨이트": "가중치", "바이어스": "편향",
    "파라미터": "매개변수", "레이어": "계층", "히든 레이어": "은닉층",
    "경사 하강법": "경사하강법", "최적화기": "옵티마이저", "서브클래스": "하위 클래스",
    "바꿔치기": "제자리(in-place)", "모양": "shape", "디바이스": "장치(device)",
    "체인 룰": "연쇄 법칙", "트레이싱": "추적(tracing)", "넘파이": "NumPy", "쿠다": "CUDA",
    "훈련": "학습",
}
# 층 alone is rejected too; 은닉층 is the one compound the glossary keeps.
BARE_LAYER = re.compile(r"(?<![은닉계])층")


def pages():
    examples = sorted(EXAMPLES.glob("[0-9]*.py"))
    markdown = sorted((REPO / "docs").glob("*.md"))
    return [*examples, *markdown]


def prose(path: Path) -> str:
    """The page's Markdown (an example's prose cells without their `# ` comment prefix), minus code spans."""
    if path.suffix == ".py":
        text = re.sub(r"^# ?", "", "\n".join(prose_cells(path)), flags=re.MULTILINE)
    else:
        text = path.read_text(encoding="utf-8")
    return re.sub(r"`[^`\n]*`", "", text)  # code spans are code: never translated, never checked


@pytest.mark.parametrize("path", pages(), ids=lambda p: p.name)
def test_page_uses_glossary_terms(path):
    text = prose(path)
    found = {bad: good for bad, good in REJECTED.items() if bad in text}
    assert not found, f"{path.name}: write {found}"
    assert not BARE_LAYER.search(text), f"{path.name}: 층 → 계층"


@pytest.mark.parametrize("path", pages(), ids=lambda p: p.name)
def test_first_use_of_key_terms_gives_the_english(path):
    # Headings are titles, not running prose: the English goes with the first use in a sentence.
    text = re.sub(r"^#{1,6} .*$", "", prose(path), flags=re.MULTILINE)
    assert len(text.strip()) > 500, "no running prose left to check"
    for korean, english in [("변화도", ("gradient",)), ("역전파", ("backward", "backprop")), ("순전파", ("forward",))]:
        if korean in text:
            first = text[text.index(korean):]
            assert any(first.startswith(f"{korean}({e}") for e in english), (
                f"{path.name}: the first 「{korean}」 should read 「{korean}({english[0]}…)」, not 「{first[:30]}」"
            )


def test_rejected_terms_are_caught():
    assert "그래디언트" in REJECTED and BARE_LAYER.search("두 층") and not BARE_LAYER.search("은닉층과 계층")
