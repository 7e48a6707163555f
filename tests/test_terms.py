"""Every page uses the glossary's Korean terms (docs/glossary.yml), never a variant the glossary rejects."""

import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, prose_cells
from sitebuild.site.glossary import load, rejected_in

# The data file is the one source of the site's terms; ../shared/GLOSSARY.md (outside this repository,
# absent from a CI checkout) is what it was first drawn from.
TERMS = load(REPO / "docs" / "glossary.yml")
ENGLISH = {t.term: t.english for t in TERMS}
SHARED_GLOSSARY = REPO.parent / "shared" / "GLOSSARY.md"
# The terms whose first use in running prose must spell out the English, as 변화도(gradient).
KEY_TERMS = ("변화도", "역전파", "순전파")


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
    found = rejected_in(prose(path), TERMS)
    assert not found, f"{path.name}: write {found} (rejected variant: term of docs/glossary.yml)"


# The book page's own prose is a short note; its chapters are checked as the pages they come from.
@pytest.mark.parametrize("path", [p for p in pages() if p.name != "book.md"], ids=lambda p: p.name)
def test_first_use_of_key_terms_gives_the_english(path):
    # Headings are titles, not running prose: the English goes with the first use in a sentence.
    text = re.sub(r"^#{1,6} .*$", "", prose(path), flags=re.MULTILINE)
    assert len(text.strip()) > 500, "no running prose left to check"
    for korean in KEY_TERMS:
        english = ENGLISH[korean].split(", ")  # 역전파: backward pass, backpropagation
        if korean in text:
            first = text[text.index(korean):]
            assert any(first.startswith(f"{korean}({e}") for e in english), (
                f"{path.name}: the first 「{korean}」 should read 「{korean}({english[0]})」, not 「{first[:30]}」"
            )


def test_rejected_terms_are_caught():
    assert rejected_in("변화도 대신 그래디언트를", TERMS) == {"그래디언트": "변화도"}
    assert rejected_in("두 층", TERMS) == {"층": "계층"}
    # A rejected variant inside an accepted term or a kept phrase is not a use of it.
    assert rejected_in("은닉층과 계층, 심층 신경망, 하이퍼파라미터, 예제로 배우는 파이토치", TERMS) == {}
    assert rejected_in("파이토치의 텐서", TERMS) == {"파이토치": "PyTorch"}
    # Spacing variants are caught too, and a variant containing an accepted term is still rejected.
    assert rejected_in("경사 하강법, 학습 속도", TERMS) == {"경사 하강법": "경사하강법", "학습 속도": "학습률"}


def _glossary_rows(markdown):
    """(english, use, do-not-use) cells of the term table of GLOSSARY.md."""
    rows = []
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 3 and cells[0] != "English" and not set(cells[0]) <= set("-: "):
            rows.append(cells)
    return rows


def _pieces(cell, separators):
    """The names in a GLOSSARY.md cell: parenthesised remarks and code dropped, split on separators."""
    cell = re.sub(r"\([^)]*\)|`[^`]*`", "", cell)
    return [p.strip() for p in re.split(separators, cell) if p.strip()]


def test_data_file_covers_the_shared_glossary():
    if not SHARED_GLOSSARY.is_file():
        pytest.skip(f"{SHARED_GLOSSARY} is outside this repository (a CI checkout has only the repository); "
                    "docs/glossary.yml is the source the site and the other tests use")
    rows = _glossary_rows(SHARED_GLOSSARY.read_text(encoding="utf-8"))
    assert len(rows) > 40, "GLOSSARY.md's term table was not found"
    by_term = {t.term: t for t in TERMS}
    missing = []
    for english, use, avoid in rows:
        names = _pieces(english, r",|/") if use == "as written" else _pieces(use, r"/")
        # 활성화 (함수): the entry may be the longer form.
        entries = [t for name in names for t in TERMS if t.term == name or t.term.startswith(name + " ")]
        if len(entries) < len(names):
            missing.append(f"{use}: no entry")
            continue
        englishes = " | ".join(t.english.lower() for t in entries)
        missing += [f"{use}: english {e!r}" for e in _pieces(english, r",|/") if e.lower() not in englishes]
        rejected = {bad for t in entries for bad in t.rejected}
        hangul = [bad for bad in _pieces(avoid, r",") if re.search(r"[가-힣]", bad)]
        missing += [f"{use}: rejected {bad!r}" for bad in hangul if bad not in rejected]
    assert not missing, f"docs/glossary.yml lacks what {SHARED_GLOSSARY} says: {missing}"
    assert by_term["계층"].rejected and "층" in by_term["계층"].rejected
