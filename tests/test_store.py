"""sitebuild.store: a product is remade only when an input or the code making it changes, and a build keeps only what it used."""

import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import REPO
from sitebuild.site import css_purge, static_math, summary
from sitebuild.store import STALE, TEMP, Store

CSS = ".jp-Cell { color: red }\n.jp-Unused { color: blue }\n.jp-Cell .jp-Unused { margin: 0 }\n"
CLASSES = {"jp-Cell"}


@pytest.fixture
def code(tmp_path):
    """A copy of the code that trims a stylesheet: the code part of the key, to be edited."""
    path = tmp_path / "css_purge.py"
    shutil.copy(css_purge.__file__, path)
    return path


def trim(store, css=CSS, classes=CLASSES, code=Path(css_purge.__file__), calls=None):
    """The trimmed stylesheet through `store`, the way the plugin makes it; `calls` counts the makes."""

    def make():
        if calls is not None:
            calls.append(css)
        return css_purge.purge(css, classes)

    return store.get_or_make([css, "\0".join(sorted(classes)), code], make, ".css")


def entries(folder: Path):
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_a_hit_does_not_call_make(tmp_path, code):
    store, calls = Store(tmp_path / "store"), []
    first = trim(store, code=code, calls=calls)
    text = first.read_text(encoding="utf-8")
    assert "jp-Cell" in text and "jp-Unused" not in text
    assert calls == [CSS]
    assert trim(store, code=code, calls=calls) == first
    # A later build (a new store on the same folder) finds it too.
    assert trim(Store(tmp_path / "store"), code=code, calls=calls) == first
    assert calls == [CSS]


@pytest.mark.parametrize("change", ["css", "classes", "code"])
def test_a_change_in_any_part_of_the_key_misses(tmp_path, code, change):
    store, calls = Store(tmp_path / "store"), []
    first = trim(store, code=code, calls=calls)
    if change == "css":
        second = trim(store, css=CSS + ".jp-More { color: green }\n", code=code, calls=calls)
    elif change == "classes":
        second = trim(store, classes=CLASSES | {"jp-Unused"}, code=code, calls=calls)
    else:
        code.write_text(code.read_text(encoding="utf-8") + "\n# an edit to the code that makes the product\n", encoding="utf-8")
        second = trim(store, code=code, calls=calls)
    assert len(calls) == 2
    assert second != first and first.is_file() and second.is_file()


def test_parts_are_not_merely_concatenated(tmp_path):
    store = Store(tmp_path)
    one = store.get_or_make(["ab", "c"], lambda: b"1")
    assert store.get_or_make(["a", "bc"], lambda: b"2") != one
    # A Path stands for its file's bytes, not for its name: a str of the same text is another key.
    file = tmp_path / "part.txt"
    file.write_text("ab", encoding="utf-8")
    assert store.get_or_make([file, "c"], lambda: b"3") != one
    assert store.get_or_make([b"ab", "c"], lambda: b"4") != one
    with pytest.raises(TypeError):
        store.get_or_make([1], lambda: b"5")


def test_the_sweep_removes_what_this_build_did_not_use_and_keeps_what_it_did(tmp_path):
    folder = tmp_path / "store"
    last = Store(folder)
    kept = trim(last)
    dropped = trim(last, classes={"jp-Unused"})
    last.sweep()
    assert entries(folder) == sorted([kept.name, dropped.name])  # both used by that build
    this = Store(folder)
    assert trim(this) == kept
    made = trim(this, css=CSS + ".jp-New { color: green }\n")
    this.sweep()
    assert entries(folder) == sorted([kept.name, made.name])
    assert not dropped.exists()


def test_the_sweep_leaves_files_being_written_and_removes_stale_ones(tmp_path):
    folder = tmp_path / "store"
    store = Store(folder)
    trim(store)
    writing = folder / f"{TEMP}another-build-writes-this.css"  # a concurrent build, mid-write
    writing.write_text("half of a stylesheet", encoding="utf-8")
    stale = folder / f"{TEMP}a-killed-build-left-this.css"
    stale.write_text("half of a stylesheet", encoding="utf-8")
    old = time.time() - STALE - 60
    os.utime(stale, (old, old))
    Store(folder).sweep()  # a build that used nothing
    assert entries(folder) == [writing.name]


def test_a_failed_make_leaves_no_entry(tmp_path):
    store = Store(tmp_path / "store")
    broken = '<p><span class="arithmatex">\\(\\frac{1}{\\)</span></p>'
    with pytest.raises(static_math.MathError):
        static_math.typeset(broken, REPO, store, "fonts")
    assert entries(tmp_path / "store") == []
    fixed = broken.replace("{1}{", "{1}{2}")
    assert "<mjx-container" in static_math.typeset(fixed, REPO, store, "fonts")[0]
    assert len(entries(tmp_path / "store")) == 1


def test_an_interrupted_write_leaves_no_entry(tmp_path, monkeypatch):
    store = Store(tmp_path / "store")
    write_bytes = Path.write_bytes

    def interrupted(path, data):
        write_bytes(path, data[: len(data) // 2])  # half written, then Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_bytes", interrupted)
    with pytest.raises(KeyboardInterrupt):
        trim(store)
    assert entries(tmp_path / "store") == []  # no entry, and no temp file either
    monkeypatch.undo()
    calls = []
    assert "jp-Cell" in trim(store, calls=calls).read_text(encoding="utf-8")
    assert calls == [CSS]  # made again, whole


def test_the_loss_chart_is_drawn_once_and_again_when_the_plotting_helper_changes(tmp_path, monkeypatch):
    steps = [{"title": "1. 첫 단계", "losses": [2.0, 1.0, 0.5]}, {"title": "2. 둘째 단계", "losses": [3.0, 0.25]}]
    root = tmp_path / "repo"
    (root / "examples").mkdir(parents=True)
    shutil.copy(REPO / "examples" / "loss_plot.py", root / "examples" / "loss_plot.py")
    store = Store(tmp_path / "store")
    png = summary.chart(root, store, steps)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    drawn = []
    load = summary.load_plotting
    monkeypatch.setattr(summary, "load_plotting", lambda root: drawn.append(root) or load(root))
    assert summary.chart(root, store, steps) == png and drawn == []
    helper = root / "examples" / "loss_plot.py"
    helper.write_text(helper.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert summary.chart(root, store, steps) != png and drawn == [root]


def test_text_and_json_entries_read_back_what_make_returned_and_none_keeps_nothing(tmp_path):
    store = Store(tmp_path)
    assert store.text(["t"], lambda: "가나") == "가나"
    value = {"쪽": [1, 2.5, "셋"], "없음": None}
    assert store.json(["j"], lambda: value) == value
    assert store.json(["j"], lambda: pytest.fail("made again")) == value  # kept
    assert store.json(["missing"], lambda: None) is None
    assert store.text(["missing"], lambda: None) is None
    store.sweep()
    assert len(entries(tmp_path)) == 2  # what returned None was neither written nor counted as used


def test_the_sweep_spares_the_most_recently_used_entries_that_take_seconds_to_remake(tmp_path, monkeypatch):
    """An example's run (SPARE) outlives the builds that did not ask for it, the most recently used first,
    up to SPARED of them; any other entry goes with the first sweep that did not use it."""
    import sitebuild.store as store_module

    monkeypatch.setattr(store_module, "SPARED", 2)
    folder = tmp_path / "store"
    first = Store(folder)
    runs = [first.get_or_make([f"run {n}"], lambda: "{}", store_module.SPARE) for n in range(3)]
    other = first.get_or_make(["chart"], lambda: b"png", ".png")
    for age, run in enumerate(runs):  # run 0 used last
        os.utime(run, ns=(0, time.time_ns() - age * 10**9))
    first.sweep()
    assert entries(folder) == sorted(p.name for p in [*runs, other])  # all used by that build
    Store(folder).sweep()  # a build that asked for none of them
    assert entries(folder) == sorted(p.name for p in runs[:2])
    again = Store(folder)
    assert again.get_or_make(["run 1"], lambda: pytest.fail("remade a spared run"), store_module.SPARE) == runs[1]
    assert runs[1].stat().st_mtime_ns > runs[0].stat().st_mtime_ns  # asked for: now the most recent


def test_an_entry_made_from_others_keeps_them_while_it_is_asked_for(tmp_path):
    """A build that finds a product kept never asks for what it was made from; the sweep still leaves
    those (NEEDS), for the next build that has to make the product again, and drops them with it."""
    folder = tmp_path / "store"
    first = Store(folder)
    part = first.get_or_make(["part"], lambda: "p", ".txt")
    whole = first.get_or_make(["whole"], lambda: first.text(["part"], lambda: "p") + " and more", ".txt")
    other = first.get_or_make(["other"], lambda: "o", ".txt")
    for _ in range(2):  # builds that find the whole kept
        build = Store(folder)
        assert build.get_or_make(["whole"], lambda: pytest.fail("remade"), ".txt") == whole
        build.sweep()
    assert part.exists() and whole.exists() and not other.exists()
    last = Store(folder)  # a build that no longer asks for the whole
    last.sweep()
    assert entries(folder) == []
