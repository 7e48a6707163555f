"""Stage 2, one example page: the build's cells added to its notebook, then the one pass over the HTML mkdocs-jupyter renders from it."""
