"""The order in which a build runs its examples (sitebuild/run/schedule.py), with real kernels."""

from pathlib import Path

import pytest

from sitebuild.run.schedule import Runs, RunsFailed


def example(root: Path, name: str, code: str, padding: int = 0) -> Path:
    """An example file; `padding` comment lines make it longer (the longest runs first)."""
    (root / name).write_text("# %%\n" + "# 설명\n" * padding + code + "\n", encoding="utf-8")
    return Path(name)


def test_asking_for_a_run_stopped_by_a_failure_names_the_failure(tmp_path):
    """One run at a time: the failing example (the longest) starts first, the next kernel may boot meanwhile,
    and the runs still queued are never started; asking for one of them reports the failure, not a cancellation."""
    bad = example(tmp_path, "bad.py", "1 / 0", padding=20)
    fine = [example(tmp_path, f"ok{i}.py", f"print({i})") for i in range(3)]
    runs = Runs(tmp_path, 60, keep=lambda ex, run: run.notebook)
    runs.start([bad, *fine], jobs=1)
    with pytest.raises(RunsFailed, match=r"bad\.py:22: ZeroDivisionError"):
        runs.result(fine[-1])
    runs.close()
    assert runs.futures[fine[-1]].cancelled()


def test_an_exclusive_example_has_finished_before_start_returns(tmp_path):
    kept = []
    timed = example(tmp_path, "timed.py", "print('alone')")
    other = example(tmp_path, "other.py", "print('other')", padding=20)
    runs = Runs(tmp_path, 60, keep=lambda ex, run: kept.append(ex) or run.notebook)
    runs.start([other, timed], exclusive=["timed.py"], jobs=2)
    assert kept == [timed] and runs.pending() == [other]
    assert runs.result(other).cells[0].outputs[0]["text"] == "other\n"
    runs.close()
