"""The MkDocs plugin: executes examples before mkdocs-jupyter renders them, then mends their pages."""

import fnmatch
import hashlib
import logging
import time
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from .cache import ExecutionCache
from . import execute as execute_module
from . import notebook as notebook_module
from .execute import ExampleError, execute
from .headings import fix_headings
from .images import describe_images
from .mathjax import mathjax_files
from .notebook_math import mark_math

log = logging.getLogger("mkdocs.plugins.sitebuild")


class ExamplesConfig(Config):
    examples = opt.Type(str, default="examples/[0-9]*.py")
    timeout = opt.Type((int, float), default=300)
    cache = opt.Type(bool, default=True)
    cache_dir = opt.Type(str, default=".cache/examples")


class ExamplesPlugin(BasePlugin[ExamplesConfig]):
    def on_config(self, config):
        self.root = Path(config.config_file_path).parent.resolve()
        # The code that runs examples is part of the key: a change to it re-runs them.
        runner = b"".join(Path(m.__file__).read_bytes() for m in (execute_module, notebook_module))
        settings = "kernel=python3;runner=" + hashlib.sha256(runner).hexdigest()
        self.cache = ExecutionCache(self.root / self.config.cache_dir, self.root, settings)
        self.pages = set()
        toc = config.mdx_configs.get("toc", {})
        self.slug_options = {k: toc[k] for k in ("slugify", "separator") if k in toc}
        return config

    @event_priority(-50)  # after mkdocs-jupyter has made the examples notebook pages
    def on_files(self, files, config):
        for file in files:
            if file.abs_src_path and fnmatch.fnmatch(file.src_uri, self.config.examples):
                # The page keeps the example's address; mkdocs-jupyter renders the executed notebook.
                file.abs_src_path = str(self._executed(Path(file.abs_src_path)))
                self.pages.add(file.src_uri)
        for extra in mathjax_files(self.root, config):
            files.append(extra)
        return files

    def _executed(self, source: Path) -> Path:
        """Path of the executed notebook of `source`, running it unless a valid cached one exists."""
        example = source.resolve().relative_to(self.root)
        if self.config.cache:
            cached = self.cache.lookup(example)
            if cached:
                log.debug("cached: %s", example)
                return cached
        self.cache.forget(example)
        started = time.perf_counter()
        try:
            run = execute(self.root / example, self.root, self.config.timeout)
        except ExampleError as error:
            raise PluginError(f"Example failed: {error}") from None
        log.info("executed %s in %.1f s", example, time.perf_counter() - started)
        for line, text in run.stderr:
            log.warning("%s:%s: the example wrote to stderr: %s", example, line, text.strip())
        dependencies = {
            str(p.resolve().relative_to(self.root))
            for p in map(Path, run.imported)
            if _repository_file(p, self.root)
        } - {str(example)}
        return self.cache.store(example, run.notebook, dependencies)

    def on_page_content(self, html, page, config, files):
        if page.file.src_uri not in self.pages:
            return html
        html, page.toc = fix_headings(mark_math(html), **self.slug_options)
        html = describe_images(html, page.title or page.file.name)
        return html


def _repository_file(path: Path, root: Path) -> bool:
    """True for a module file of this repository, not of an installed package or a virtualenv."""
    try:
        rel = path.resolve().relative_to(root)
    except ValueError:
        return False
    return "site-packages" not in rel.parts and not rel.parts[0].startswith(".")
