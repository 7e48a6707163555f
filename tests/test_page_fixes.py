"""sitebuild.page.headings and sitebuild.page.notebook_math on notebook HTML as nbconvert writes it."""

from pymdownx.slugs import slugify

from sitebuild.page.headings import fix_headings
from sitebuild.page.notebook_math import mark_math

SLUG = slugify(case="lower")


def heading(level, text):
    # nbconvert's output for a Korean heading: an empty id and an empty link target.
    return f'<h{level} id="">{text}<a class="anchor-link" href="#">¶</a></h{level}>'


def test_korean_headings_get_unique_ids_and_a_matching_toc():
    html = heading(1, "제목") + heading(2, "순전파 단계") + heading(3, "&lt;행렬 곱&gt;") + heading(2, "순전파 단계")
    fixed, toc = fix_headings(html, slugify=SLUG)
    assert 'id="순전파-단계"' in fixed and 'id="순전파-단계_1"' in fixed
    assert 'href="#순전파-단계_1"' in fixed
    assert 'id=""' not in fixed and 'href="#"' not in fixed
    [top] = list(toc)
    assert top.id == "제목"
    assert [c.id for c in top.children] == ["순전파-단계", "순전파-단계_1"]
    assert top.children[0].children[0].title == "&lt;행렬 곱&gt;"


def test_ids_are_the_ones_markdown_pages_get():
    import markdown

    md = markdown.Markdown(extensions=["toc"], extension_configs={"toc": {"slugify": SLUG}})
    md.convert("## 자동 미분(autograd)과 변화도")
    fixed, _ = fix_headings(heading(2, "자동 미분(autograd)과 변화도"), slugify=SLUG)
    assert f'id="{md.toc_tokens[0]["id"]}"' in fixed


def test_inline_and_display_math_become_arithmatex():
    html = "<p>손실 $L = \\sum (\\hat y - y)^2$ 에서 $a &lt; b$</p>\n<p>$$\nx^2\n$$</p>"
    out = mark_math(html)
    assert '<span class="arithmatex">\\(L = \\sum (\\hat y - y)^2\\)</span>' in out
    assert '<span class="arithmatex">\\(a &lt; b\\)</span>' in out
    assert '<div class="arithmatex">\\[\nx^2\n\\]</div>' in out
    assert "$" not in out


def test_dollars_in_code_outputs_and_prices_are_left_alone():
    html = '<p><code>$x$</code> 5$ 와 $3</p><pre>$a$</pre><style>a{content:"$"}</style>'
    assert mark_math(html) == html
