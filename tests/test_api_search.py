"""Which page search puts first for a PyTorch name: the step whose code uses it first (unit checks of
sitebuild/site/api_search.py on small notebooks; tests/test_search.py types real queries into the site)."""

import nbformat
import pytest

from sitebuild.site import api_search


def notebook(*sources, answer=None):
    cells = [nbformat.v4.new_code_cell(s) for s in sources]
    for i, cell in enumerate(cells):
        cell.id = f"cell-{i}"
    if answer is not None:
        cells[answer].metadata["tags"] = ["answer"]
    return nbformat.v4.new_notebook(cells=cells)


def test_torch_names_tensor_methods_and_not_numpy_or_python():
    nb = notebook(
        "import numpy as np\nimport torch\nimport random",
        "x = torch.randn(3)\ny = np.mean([1])\nz = x.clamp(min=0).backward()\nrandom.seed(0)\nitems = [].append(1)",
        "m = torch.nn.Linear(2, 2)\nn = torch.nn",
    )
    cells = [c for c in nb.cells]
    assert api_search.used_names(cells, api_search.imported_modules(cells)) == [
        "torch.randn", "clamp", "backward", "torch.nn.Linear"
    ]


def test_without_torch_an_arrays_methods_are_not_pytorch_names():
    nb = notebook("import numpy as np", "x = np.zeros(3)\nprint(x.mean(), x.shape)")
    assert api_search.first_uses({"a": nb}) == {}


def test_the_first_example_and_cell_win_answers_do_not_count():
    early = notebook("import torch", "torch.zeros(1).backward()", "torch.ones(2)", answer=2)
    late = notebook("import torch", "torch.ones(2)\ntorch.zeros(1).backward()")
    first = api_search.first_uses({"1_a": early, "1_b": late})
    assert first["backward"] == ("1_a", "cell-1") and first["torch.ones"] == ("1_b", "cell-1")


def test_mkdocs_yml_can_name_the_page_that_teaches_a_name():
    a = notebook("import torch", "torch.nn.Module")
    b = notebook("# 여기서 torch.nn.Module을 가르칩니다")
    assert api_search.first_uses({"a": a, "b": b}, {"torch.nn.Module": "b"})["torch.nn.Module"] == ("b", "cell-0")
    with pytest.raises(ValueError, match="never names it"):
        api_search.first_uses({"a": a, "b": notebook("x = 1")}, {"torch.nn.Module": "b"})


def test_entries_carry_every_form_once_and_one_entry_per_cell():
    first = {
        "torch.nn.Linear": ("6", "cell-5"), "torch.nn.ReLU": ("6", "cell-5"),
        "torch.nn.functional.linear": ("9", "cell-2"), "requires_grad": ("3", "cell-1"), "requires_grad_": ("4", "cell-7"),
    }
    entries = api_search.search_entries(first, {e: f"p{e}/" for e in "3469"}, {e: f"{e}단계" for e in "3469"})
    by_location = {e["location"]: e for e in entries}
    assert set(by_location) == {"p3/#cell-1", "p6/#cell-5", "p9/#cell-2"}  # one address, one entry
    assert by_location["p6/#cell-5"]["tags"] == ["torch.nn.Linear", "nn.Linear", "Linear", "torch.nn.ReLU", "nn.ReLU", "ReLU"]
    # `linear` belongs to the earlier page's nn.Linear; the in-place variant goes with its name.
    assert by_location["p9/#cell-2"]["tags"] == ["torch.nn.functional.linear", "nn.functional.linear", "functional.linear"]
    assert by_location["p3/#cell-1"]["tags"] == ["requires_grad", "requires_grad_"]


def test_kept_first_uses_equal_the_worked_out_ones_and_change_with_a_cell(tmp_path, monkeypatch):
    from pathlib import Path

    from sitebuild.store import Store

    notebooks = {Path("examples/1_a.py"): notebook("import torch", "torch.zeros(1).backward()")}
    store = Store(tmp_path)
    worked_out = api_search.first_uses(notebooks)
    assert api_search.first_uses_kept(store, notebooks) == worked_out
    # A hit does not work them out again (that imports torch).
    monkeypatch.setattr(api_search, "first_uses", lambda *a, **k: pytest.fail("worked out again on a hit"))
    assert api_search.first_uses_kept(Store(tmp_path), notebooks) == worked_out
    monkeypatch.undo()
    notebooks[Path("examples/1_a.py")].cells[1].source = "torch.ones(1).backward()"
    place = (Path("examples/1_a.py"), "cell-1")
    assert api_search.first_uses_kept(store, notebooks) == {"torch.ones": place, "backward": place}


def test_a_prose_edit_works_nothing_out_and_the_page_that_teaches_a_name_still_follows_it(tmp_path, monkeypatch):
    from pathlib import Path

    from sitebuild.store import Store

    a, b = Path("examples/1_a.py"), Path("examples/1_b.py")
    notebooks = {a: notebook("import torch", "torch.nn.Module"), b: notebook("import torch", "x = 1")}
    prose = nbformat.v4.new_markdown_cell("nn.Module을 가르칩니다")
    prose.id = "prose"
    notebooks[b].cells.insert(1, prose)
    assert api_search.first_uses_kept(Store(tmp_path), notebooks, {"torch.nn.Module": b})["torch.nn.Module"] == (b, "prose")
    monkeypatch.setattr(api_search, "first_uses", lambda *a, **k: pytest.fail("worked out again after a prose edit"))
    prose.source = "여기서 비로소 nn.Module을 가르칩니다"
    notebooks[b].cells.insert(1, notebooks[b].cells.pop(1))
    assert api_search.first_uses_kept(Store(tmp_path), notebooks, {"torch.nn.Module": b})["torch.nn.Module"] == (b, "prose")
    with pytest.raises(ValueError, match="never names it"):
        prose.source = "모듈 이야기는 다음에"
        api_search.first_uses_kept(Store(tmp_path), notebooks, {"torch.nn.Module": b})


def test_kept_facts_answer_as_torch_does_and_ask_it_once_per_name(tmp_path, monkeypatch):
    from sitebuild.store import Store

    live, kept = api_search.Facts(), api_search.KeptFacts(Store(tmp_path))
    dotted, attributes = ["torch.nn", "torch.nn.Linear"], ["backward", "append", "zero_grad"]
    assert [kept.is_module(n) for n in dotted] == [live.is_module(n) for n in dotted] == [True, False]
    assert [kept.is_method(n) for n in attributes] == [live.is_method(n) for n in attributes] == [True, False, True]
    monkeypatch.setattr(api_search.Facts, "is_module", lambda self, name: pytest.fail(f"asked torch about {name} again"))
    monkeypatch.setattr(api_search.Facts, "is_method", lambda self, name: pytest.fail(f"asked torch about {name} again"))
    again = api_search.KeptFacts(Store(tmp_path))  # the next build
    assert [again.is_module(n) for n in dotted] == [True, False]
    assert [again.is_method(n) for n in attributes] == [True, False, True]


def test_a_code_edit_imports_no_torch_after_builds_that_kept_everything(tmp_path, monkeypatch):
    """The answers survive the sweep of builds that only read the kept names (sitebuild/store.py keeps
    what a build asks for), so editing code that uses the same PyTorch names does not import torch; nor
    does a new name that Python's own types have (`upper`)."""
    from pathlib import Path

    from sitebuild.store import Store

    notebooks = {Path("examples/1_a.py"): notebook("import torch", "y = torch.zeros(1).backward()")}
    for _ in range(2):  # a build that works the names out, then one that finds them kept
        store = Store(tmp_path)
        api_search.first_uses_kept(store, notebooks)
        store.sweep()
    monkeypatch.setattr(api_search, "_resolve", lambda name: pytest.fail(f"imported torch to look up {name}"))
    notebooks[Path("examples/1_a.py")].cells[1].source = "print('새 줄'.upper())\ny = torch.zeros(1).backward()"
    place = (Path("examples/1_a.py"), "cell-1")
    assert api_search.first_uses_kept(Store(tmp_path), notebooks) == {"torch.zeros": place, "backward": place}


def test_forked_facts_answer_as_torch_does_without_importing_it_in_the_build(tmp_path, monkeypatch):
    """A build that started a fork server asks its child about torch's API (sitebuild/run/forks.py); without
    one, torch answers in this process."""
    from pathlib import Path

    from sitebuild.run import forks
    from sitebuild.run.execute import kernel_environment

    if not forks.available():
        pytest.skip("forking needs Linux")
    dotted, attributes = ["torch.nn", "torch.nn.Linear"], ["backward", "append", "zero_grad"]
    expected = [True, False], [True, False, True]
    server = forks.ForkServer(kernel_environment(1))
    root = Path(__file__).resolve().parents[1]
    try:
        with monkeypatch.context() as patched:
            patched.setattr(api_search, "_resolve", lambda name: pytest.fail(f"imported torch here to look up {name}"))
            with api_search.ForkedFacts(lambda: server, root) as forked:
                assert ([forked.is_module(n) for n in dotted], [forked.is_method(n) for n in attributes]) == expected
                assert forked.child  # the child answered
    finally:
        server.close()
    with api_search.ForkedFacts(lambda: None, root) as here:
        assert ([here.is_module(n) for n in dotted], [here.is_method(n) for n in attributes]) == expected
