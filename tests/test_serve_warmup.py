"""sitebuild.serve_warmup: the warm-up of `mkdocs serve` runs through, so the first edit of an example finds it done."""

import sys

from sitebuild import serve_warmup
from sitebuild.run.cache import ExampleCache


def test_the_warm_up_runs_through_and_leaves_what_a_rebuild_needs_loaded(tmp_path, monkeypatch):
    failures = []
    monkeypatch.setattr(serve_warmup.log, "debug", lambda *args: failures.append(args))
    cache = ExampleCache(tmp_path / "cache", tmp_path, runner="r1")
    serve_warmup._warm_up(cache)
    assert failures == []
    assert {"jupytext", "jupyter_cache.cache.main", "mkdocs_jupyter.convert"} <= set(sys.modules)
    assert (tmp_path / "cache" / "jupyter-cache").is_dir()  # opened
