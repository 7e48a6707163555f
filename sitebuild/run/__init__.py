"""Stage 1, before anything is rendered: read each example as a notebook, execute it (or take it from the cache), check its output."""
