"""sitebuild.serve_warmup: the warm-up of `mkdocs serve` runs through, so the first edit of an example finds it done."""

import sys

from sitebuild import serve_warmup


def test_the_warm_up_runs_through_and_leaves_what_a_rebuild_needs_loaded(tmp_path, monkeypatch):
    failures = []
    monkeypatch.setattr(serve_warmup.log, "debug", lambda *args: failures.append(args))
    serve_warmup._warm_up()
    assert failures == []
    assert {"jupytext", "mkdocs_jupyter.convert", "sitebuild.run.execute", "nbclient"} <= set(sys.modules)
