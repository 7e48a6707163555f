"""Korean search as a reader uses it: in Chromium, type a term into Material's search box, and the page
that teaches the term comes first. Also: what the search index holds of the notebook pages.

How Material searches Korean (mkdocs.yml `search: lang: ko`): the index splits text at the `separator`
only (no Korean stemmer; the `ko` stop-word filter and trimmer are off), so a noun and its particle stay
one word (변화도를). Every query word gets a trailing wildcard, so 변화도 finds 변화도를, 변화도는…; a word
inside a longer one (함수 in 도함수) is not found. Ranking: a heading that holds the word outweighs any
amount of body text (title boost 1000), and among headings the rarer written form wins. So the glossary
gives the page that teaches a core term a boosted entry titled with the bare term (docs/glossary.yml `page:`)."""

import html
import json
import re

import pytest
from bs4 import BeautifulSoup

from browser import site_pages
from notebooks import notebook, render
from sitebuild.page import diffs, page_cells, tree
from sitebuild.page.search_text import search_text

PLACEHOLDER = "검색어를 입력하세요"  # Material's Korean text while the search box is empty
NO_RESULT = "검색어와 일치하는 문서가 없습니다"

STEP = {n: f"examples/{n}/" for n in (
    "1_1_Numpy_warm_up", "1_2_Tensors", "1_3_autograd", "1_4_new_autograd_function", "1_5_static_graph",
    "1_6_nn_module", "1_7_optim", "1_8_custom_nn_module", "1_9_control_flow_weight_sharing", "2_1_gpu_benchmark")}
S1, S2, S3, S4, S5, S6, S7, S8, S9, GPU = STEP.values()

# query -> the page a reader expects first: the one that teaches the term. Core Korean terms: later pages
# have headings with a rarer form of the word (변화도는 outranks 변화도 in Material's ranking), so without
# help a later page came first; the glossary names the page that teaches each (`page:` in
# docs/glossary.yml), and the build gives the term a boosted entry.
TERMS = {
    "NumPy": S1, "numpy": S1, "shape": S1, "경사하강법": S1, "변화도": S1, "순전파": S1, "역전파": S1,
    "학습률": S1, "오차 제곱합": S1, "가중치": S1, "손실": S1, "계층": S1, "은닉층": S1, "완전 연결": S1,
    "활성화 함수": S1, "연쇄 법칙": S1, "행렬 곱": S1, "배치": S1,
    "텐서": S2, "자료형": S2, "장치": S2,
    "자동 미분": S3, "연산 그래프": S3, "잎": S3,
    "도함수": S4, "검증": S4,
    "정적 그래프": S5, "동적 그래프": S5, "기호 추적": S5, "추적": S5, "tracing": S5, "static": S5,
    "플레이스홀더": S5, "컴파일": S5,
    "손실 함수": S6, "nn 패키지": S6, "초기화": S6, "편향": S6, "매개변수": S6, "모듈": S6, "평균 제곱 오차": S6, "훅": S6,
    "옵티마이저": S7, "부호": S7,
    "등록": S8,
    "제어 흐름": S9, "가중치 공유": S9, "모멘텀": S9, "momentum": S9,
    "부동소수점 연산": GPU, "예열": GPU,
}
# The last part of a compound term finds the page that teaches the term too: a spaced term's last word is
# a word of its boosted entry (공유: 가중치 공유); a one-word compound names its tail (`parts:`, 하강법).
TAILS = {"하강법": S1, "제곱합": S1, "법칙": S1, "연결": S1, "흐름": S9, "공유": S9}
# PyTorch names: the step whose code first uses the name gets a boosted entry for it and its dotted tails
# (sitebuild/site/api_search.py; mkdocs.yml `api_pages` where the teaching page is a later one).
API = {
    "torch.randn": S2, "randn": S2, "manual_seed": S2, "torch.device": S2, "cuda.is_available": S2, "mm": S2,
    "clamp": S2, "item": S2, "torch.Tensor": S2, "float32": S2,
    "requires_grad": S3, "no_grad": S3, "torch.no_grad": S3, "backward": S3, "grad": S3, "grad_fn": S3,
    "is_leaf": S3, "zero_": S3,
    "torch.autograd.Function": S4, "autograd.Function": S4, "apply": S4, "save_for_backward": S4, "ctx": S4,
    "gradcheck": S4, "detach": S4,
    "torch.fx": S5, "symbolic_trace": S5, "GraphModule": S5,
    "nn.Linear": S6, "Linear": S6, "MSELoss": S6, "nn.Sequential": S6, "parameters": S6, "zero_grad": S6,
    "named_parameters": S6, "register_forward_hook": S6, "nn.ReLU": S6,
    "Adam": S7, "optim.Adam": S7, "optim.SGD": S7, "step": S7,
    "nn.Module": S8, "forward": S8, "nn.ModuleList": S8, "ModuleList": S8, "nn.Parameter": S8,
    "register_hook": S9, "register_post_accumulate_grad_hook": S9, "functional.linear": S9,
}
EXPECTED = {**TERMS, **TAILS, **API}
# Terms the expected page writes only with a particle or ending attached (검증하기, 부호만, 등록됩니다):
# found through the trailing wildcard. tracing and static stand in brackets after the Korean term,
# 추적(tracing), 정적 그래프(static graph): found because the separator splits at brackets.
ATTACHED = ["검증", "컴파일", "부호", "등록"]

PROMPT = re.compile(r"\b(In|Out)\s*\[\d*\]:")


@pytest.fixture(scope="module")
def search(browser, base_url):
    """Type a query into the search box of the home page: the result pages, best first."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base_url, wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()

    def run(query):
        # fill() inserts the text at once, as an input method hands over composed Hangul, without key
        # events; Material searches on keyup, which the reader's last keystroke gives. One query per fill.
        box.fill("")
        box.press("End")
        page.wait_for_function("t => document.querySelector('.md-search-result__meta').textContent === t", arg=PLACEHOLDER)
        box.fill(query)
        box.press("End")
        page.wait_for_function(
            """([t, none]) => {
                const meta = document.querySelector('.md-search-result__meta').textContent;
                return meta === none || (meta !== t && document.querySelector('.md-search-result__list > li'));
            }""",
            arg=[PLACEHOLDER, NO_RESULT],
        )
        return page.evaluate(
            """base => [...document.querySelectorAll('.md-search-result__list > li')]
                 .map(li => new URL(li.querySelector('a').href).pathname.slice(new URL(base).pathname.length))""",
            base_url,
        )

    yield run
    page.close()


def misses(search, expected):
    """The queries whose first result is not the expected page, with the first three results."""
    found = {}
    for query, page in expected.items():
        results = search(query)
        if not results or results[0] != page:
            found[query] = f"expected {page}, got {results[:3] or 'no result'}"
    return found


def test_each_query_puts_the_page_that_teaches_it_first(search):
    assert len(EXPECTED) >= 60 and len(API) >= 30
    wrong = misses(search, EXPECTED)
    assert not wrong, "\n".join(f"{q}: {why}" for q, why in wrong.items())


@pytest.fixture(scope="module")
def index(site):
    data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return data


def words(index, page):
    """The words the index holds for `page`, split as the search splits them."""
    separator = re.compile(index["config"]["separator"])
    text = " ".join(re.sub(r"<[^>]+>", " ", d["title"] + " " + d["text"]) for d in index["docs"] if d["location"].split("#")[0] == page)
    return set(filter(None, separator.split(html.unescape(text).lower())))


def test_attached_terms_never_stand_alone_on_their_page(index):
    """So that those queries keep testing the trailing wildcard and the separator."""
    for query in ATTACHED:
        on_page = words(index, EXPECTED[query])
        assert query.lower() not in on_page and any(w.startswith(query.lower()) for w in on_page), query


def test_index_reads_notebook_pages_as_sections(site, index):
    """Each heading of an example page is one entry of the index, holding the code cells under it, without
    the cells' "In [n]:" prompts and without the folded diff from the previous step."""
    entries = {}
    for doc in index["docs"]:
        if "boost" not in doc:  # the glossary's entries for terms are checked in test_glossary.py
            entries.setdefault(doc["location"].split("#")[0], []).append(doc)
    pages = [p for p in site_pages(site) if p.startswith("examples/")]
    assert pages
    wrong = []
    for page in pages:
        soup = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article")
        levels = ", ".join(f"h{n}[id]" for n in range(1, 7))
        headings = article.select(levels)
        docs = entries[page]
        titles = [html.unescape(re.sub(r"<[^>]+>", "", d["title"])) for d in docs]
        shown = [h.get_text().rstrip("¶").strip() for h in headings]
        if titles != shown:
            wrong.append(f"{page}: entries {titles[:4]}… are not the headings {shown[:4]}…")
            continue
        text = {d["location"]: html.unescape(re.sub(r"<[^>]+>", "", d["text"])) for d in docs}
        for d in docs:
            if PROMPT.search(text[d["location"]]):
                wrong.append(f"{d['location']}: a prompt {PROMPT.search(text[d['location']]).group()!r}")
        diff = article.select_one("details.sitebuild-diff summary")
        if diff and any(diff.get_text().strip() in t for t in text.values()):
            wrong.append(f"{page}: the diff from the previous step is indexed")
        # Code cells in document order, each under the heading before it.
        current = None
        for el in article.select(f"{levels}, .jp-CodeCell[id]"):
            if el.name.startswith("h"):
                current = page if el is headings[0] else f"{page}#{el['id']}"
                continue
            code = el.select_one(".jp-InputArea-editor pre")
            line = next((ln.strip() for ln in code.get_text().splitlines() if ln.strip()), "") if code else ""
            if line and line not in text.get(current, ""):
                wrong.append(f"{current}: misses its code cell starting {line[:40]!r}")
    assert not wrong, "\n".join(wrong[:30])


def test_search_text_unwraps_cells_and_drops_prompts_diff_and_comments(tmp_path):
    """On a page notebook of the build (sitebuild/page/page_cells.py) as mkdocs-jupyter renders it."""
    cells = notebook(("md", "## 개요\n\n설명 문단"), ("md", "## 앞 단계에서 무엇이 바뀌었나\n\n이유"), ("code", "x = 1\nprint(x)"))
    diff = diffs.diff_block("--- a.py\n+++ b.py\n-y = 2\n+y = 3", "앞 단계", "../a/")
    page = page_cells.page_notebook(cells, links="<p>내려받기</p>", diff=diff, results={"seconds": 1.0})
    rendered = render(page, tmp_path)
    assert "jp-InputPrompt" in rendered and "<!--" in rendered and "sitebuild-diff" in rendered
    text = search_text(tree.parse(rendered))
    assert "<div" not in text and "</div>" not in text, "the cells' <div>s go: a section runs to the next heading"
    assert "<!--" not in text and "In\xa0[2]" not in text and "In [2]" not in text, "comments and prompts go"
    assert "y = 2" not in text and "sitebuild-diff" not in text, "the previous step's code stays out"
    soup = BeautifulSoup(text, "html.parser")
    assert [h.get_text() for h in soup.select("h2")] == ["개요¶", "앞 단계에서 무엇이 바뀌었나¶", "실행 정보¶"]
    assert "설명 문단" in soup.get_text() and "print(x)" in soup.get_text() and "out 2" in soup.get_text()


def test_material_reads_the_search_text_as_it_reads_the_page_with_its_code_colours(tmp_path):
    """The search copy drops the <span>s of Pygments inside <pre> (most of a page's tags) for speed;
    Material's own indexer must find the same sections, titles and words without them."""
    from material.plugins.search.plugin import Parser

    from sitebuild.page import search_text as module

    def sections(html_text):
        parser = Parser()
        parser.feed(html_text)
        parser.close()
        return [("".join(s.title), "".join(s.text), s.id) for s in parser.data]

    cells = notebook(
        ("md", "## 개요\n\n**굵은** 글과 `코드`\n\n```python\nx = [1,  2]\n```"),
        ("code", "import torch\nx = torch.ones(2)  # 주석\n\n\nprint(x.sum())"),
        ("md", "### 소제목 `x.grad`\n\n- 목록 **하나**"),
    )
    rendered = render(page_cells.page_notebook(cells, links="", diff="", results={"seconds": 1.0}), tmp_path)
    doc = tree.parse(rendered)
    text = search_text(doc)
    coloured = doc.html(lambda node: None if isinstance(node, tree.Element) and node.tag == "span" else module._indexed(node))
    pre_spans = [len(re.findall(r"<span", pre)) for pre in re.findall(r"<pre>.*?</pre>", coloured, re.S)]
    assert sum(pre_spans) > 10 and re.findall(r"<pre>.*?</pre>", text, re.S) == [
        re.sub(r"</?span[^>]*>", "", pre) for pre in re.findall(r"<pre>.*?</pre>", coloured, re.S)
    ], "the code's colours go, its text and whitespace stay"
    assert "<span" in text, "spans outside <pre> (the copy button's) stay"
    assert sections(text) == sections(coloured)
