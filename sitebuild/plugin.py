"""The MkDocs plugin: executes examples before mkdocs-jupyter renders them, then mends their pages."""

import fnmatch
import hashlib
import json
import logging
import os
from importlib import metadata
from pathlib import Path

import nbformat
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from . import jupyter_settings, late_scripts, serve_warmup
from .page import diffs, images, nbconvert_cache, notebook_assets, page_cells, page_html, tree
from .run import output_limit
from .run.cache import RESULTS, ExampleCache
from .run.notebook import read_example
from .run.schedule import Runs, RunsFailed
from .site import api_search, book, book_pdf, css_purge, downloads, gallery, glossary, static_math, summary
from .site.mathjax import mathjax_files
from .store import Store
from .template_cache import StoreBytecodeCache

log = logging.getLogger("mkdocs.plugins.sitebuild")
RUN = Path(__file__).parent / "run"  # the code that runs examples: imported by a build that runs one (run/execute.py)


class GitHubConfig(Config):
    repository = opt.Type(str, default="")  # OWNER/REPO; empty: no edit, feedback or Colab links
    server = opt.Type(str, default="https://github.com")
    branch = opt.Type(str, default="main")  # the branch the "edit this page" links open
    notebooks_branch = opt.Type(str, default="notebooks")  # where the workflow publishes the notebooks Colab opens


class OutputLimitConfig(Config):
    # Text one code cell may show (stream output, text and HTML results; not images); 0: no limit.
    lines = opt.Type(int, default=300)
    kb = opt.Type((int, float), default=32)  # KB of 1024 bytes, UTF-8


class ExamplesConfig(Config):
    examples = opt.Type(str, default="examples/[0-9]*.py")
    timeout = opt.Type((int, float), default=300)
    cache = opt.Type(bool, default=True)
    cache_dir = opt.Type(str, default=".cache/examples")
    jobs = opt.Type(int, default=0)  # examples run at once on a cold build; 0: one per CPU core
    exclusive = opt.Type(list, default=[])  # examples (globs) that run alone, before the others
    fork = opt.Type(bool, default=True)  # kernels of examples that import torch forked from a process that imported it
    diffs = opt.Type(bool, default=True)  # fold each step's code diff from the previous step into its page
    summary = opt.Type(str, default="summary.md")  # the page that gets the chart and table of all steps
    gallery = opt.Type(str, default="index.md")  # the page that gets every step's thumbnail and lead
    glossary = opt.Type(str, default="glossary.md")  # the page that lists the terms of the .yml beside it
    github = opt.SubConfig(GitHubConfig)
    book = opt.Type(str, default="book.md")  # the page that holds every chapter, for print
    book_chapters = opt.Type(list, default=["index.md", "examples/1_*.py", "summary.md"])  # globs, in order
    pdf = opt.Type(bool, default=False)  # print the book page to a PDF the book page offers
    # An example page's math typeset at build: the formulas in its first this many characters of text
    # (a phone's first screens); the rest waits for MathJax, loaded when it comes into view.
    math_opening = opt.Type(int, default=1500)
    # PyTorch names whose teaching page is not the first page whose code uses them: {name: example path}
    api_pages = opt.Type(dict, default={})
    # A cell whose output passes this is a warning (so --strict fails), on every build until it prints less.
    output_limit = opt.SubConfig(OutputLimitConfig)


class ExamplesPlugin(BasePlugin[ExamplesConfig]):
    def on_config(self, config):
        self.config_file = Path(config.config_file_path)  # its toc settings shape the headings' ids (page_html.mend_kept)
        self.root = self.config_file.parent.resolve()
        # The code that runs examples is part of the fingerprint: a change to it re-runs them.
        runner = b"".join((RUN / name).read_bytes() for name in ("execute.py", "notebook.py", "figure_alt.py", "forks.py"))
        cache_dir = self.root / self.config.cache_dir
        self.page_dir = cache_dir / "pages"
        self.store = Store(cache_dir / "store")  # build products: examples' runs, chart, thumbnails, mended pages, typeset math, trimmed stylesheet, search names
        nbconvert_cache.use(self.store)  # mkdocs-jupyter's renders load their compiled templates from it
        self.cache = ExampleCache(cache_dir, self.root, hashlib.sha256(runner).hexdigest(), self.store)
        self.pages = {}  # page src_uri -> example path
        self.alts = {}  # page src_uri -> the alt texts of its notebook's image outputs, in order
        self.built = {}  # example path -> its page's File (URL and output folder)
        self.notebook_css = {}  # page src_uri -> the CSS blocks of its notebook (merged in the site's order)
        self.notebook_classes = set()  # the classes the notebook pages use: the stylesheet keeps their rules
        self.math_css = {}  # page src_uri -> the CSS of its math, typeset at build (merged into one stylesheet)
        self.images = {}  # output folder -> {file name: PNG bytes} of its page's plots
        toc = config.mdx_configs.get("toc", {})
        self.slug_options = {k: toc[k] for k in ("slugify", "separator", "permalink_title") if k in toc}
        self.chapters = {}  # src_uri -> the content of each page the book holds, as shown
        self.search_copies = {}  # src_uri -> what the search index reads of each example page (page/search_text.py)
        self.book_url = None  # the book page's URL, once it is rendered
        self._link_repository(config)
        try:
            late_scripts.check(config.extra_javascript)
        except late_scripts.LoaderError as error:
            raise PluginError(f"run-examples: {error}") from None
        examples = sorted(p.resolve() for p in Path(config.docs_dir).glob(self.config.examples) if p.is_file())
        pages = [self._page_path(example.relative_to(self.root)) for example in examples]
        try:
            jupyter_settings.check(config.plugins, examples, pages)
        except jupyter_settings.SettingsError as error:
            raise PluginError(str(error)) from None
        return config

    def on_env(self, env, config, files):
        """The template's helpers: the script loader of overrides/main.html's `scripts` block, and `tojson`
        (Material's configuration block) writing compact JSON with Hangul as itself instead of \\u escapes;
        no blank lines from the template's tag lines; and the compiled templates kept in the store between builds.
        Every page has been read by now: the runs are all in, and the pages go back to the site's order for writing."""
        self._all_runs(config, files)
        _reorder(files, self.order)
        try:
            env.globals["material_bundle"] = late_scripts.bundle([file.src_uri for file in files])
        except late_scripts.LoaderError as error:
            raise PluginError(f"run-examples: {error}") from None
        env.globals["late_scripts_loader"] = late_scripts.loader
        # A line of the templates that holds only a tag ({% if %}, {% endfor %}) writes no line of its own;
        # Material's templates are indented for reading, and each page carried their blank lines.
        env.trim_blocks = env.lstrip_blocks = True
        env.bytecode_cache = StoreBytecodeCache(self.store)
        env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False, "separators": (",", ":")}
        return env

    def on_serve(self, server, config, builder):
        serve_warmup.start()  # `mkdocs serve` rebuilds in this process: ready what an example's edit needs
        return server

    def _link_repository(self, config):
        """Point Material's repo_url and edit_uri at the GitHub repository, when the build knows it."""
        github = self.config.github
        if not github.repository:
            return
        if github.repository.count("/") != 1 or not all(github.repository.split("/")):
            raise PluginError(f"run-examples: github.repository must be OWNER/REPO (GitHub Actions' GITHUB_REPOSITORY), not {github.repository!r}")
        config.repo_url = f"{github.server.rstrip('/')}/{github.repository}/"
        config.repo_name = github.repository
        config.edit_uri = f"edit/{github.branch}/"

    def _colab_url(self, notebook_path):
        """The Colab address of a notebook that the workflow publishes at `notebook_path` of the notebooks
        branch (the notebook's path in the site); empty when the site is not on github.com."""
        github = self.config.github
        if not github.repository or github.server.rstrip("/") != "https://github.com":
            return ""
        return f"{downloads.COLAB}/{github.repository}/blob/{github.notebooks_branch}/{notebook_path}"

    @event_priority(-50)  # after mkdocs-jupyter has made the examples notebook pages
    def on_files(self, files, config):
        examples = {
            file: Path(file.abs_src_path).resolve().relative_to(self.root)
            for file in files
            if file.abs_src_path and fnmatch.fnmatch(file.src_uri, self.config.examples)
        }
        for file in files.documentation_pages():
            # "Edit this page" opens the file in the repository, not docs/examples/, a link GitHub does not follow.
            if file.abs_src_path and not file.generated_by:
                file.edit_uri = Path(file.abs_src_path).resolve().relative_to(self.root).as_posix()
        self._start_runs(sorted(set(examples.values())))
        for file, example in examples.items():
            self.pages[file.src_uri] = example
            self.built[example] = file
            # mkdocs-jupyter renders the executed notebook with the build's cells, written when the page is read (on_pre_page).
            file.abs_src_path = str(self._page_path(example))
        for extra in mathjax_files(self.root, config):
            files.append(extra)
        self.glossary = _glossary(config, files, self.config.glossary)
        book_file = files.get_file_from_path(self.config.book)
        if book_file is not None:  # rendered after every chapter, so their content is there to collect
            files.remove(book_file)
            files.append(book_file)
        self.files = files
        self.order = [file.src_uri for file in files.documentation_pages()]  # the site's order, back in place for writing (on_env)
        # Pages are read in another order: the pages of examples still running after the others, in the order
        # their runs started, so a page waits only for its own run while the rest are read; then the pages made
        # of every run (gallery, summary); the glossary and the book last, as in the site's order.
        last = [src for src in (self.config.glossary, self.config.book) if src in self.order]
        waiting = [self.built[example].src_uri for example in self.runs.pending()]
        waiting += [src for src in (self.config.gallery, self.config.summary) if src in self.order and src not in last]
        _reorder(files, [src for src in self.order if src not in waiting and src not in last] + waiting + last)
        # The PyTorch names the search index points at need the examples' code only: worked out now, while the
        # examples run, instead of after every page. A new name is asked of torch: in a child of a fork server
        # when the build started one (this process would otherwise import torch, a second, and exit slower).
        taught = {name: Path(example) for name, example in self.config.api_pages.items()}
        try:
            with api_search.ForkedFacts(self.runs.server, self.root) as live:
                self.first_uses = api_search.first_uses_kept(self.store, self.sources, taught, live)
        except ValueError as error:
            raise PluginError(f"run-examples: api_pages: {error}") from None
        return files

    def _start_runs(self, examples):
        """Take every example's executed notebook the cache keeps; run the others (sitebuild/run/schedule.py):
        the exclusive ones before this returns, the rest while the pages are read."""
        self.notebooks = {}  # example -> its executed notebook, once its run is in
        self.sources = {}  # example -> its notebook as kept or as read: the prose and code the page diffs and titles use
        self.starts = {}  # example -> each cell's first line in the file
        misses = []
        for example in examples:
            cached = self.cache.lookup_kept(example) if self.config.cache else None
            if cached is None:
                misses.append(example)
                self.sources[example], self.starts[example] = read_example(self.root / example)
            else:
                self.sources[example], self.starts[example] = cached
                self._ran(example, cached[0])
        self.steps = None  # every step's results, once every run is in (_all_runs)
        self.runs = Runs(self.root, self.config.timeout, self._keep, self.config.fork)
        try:
            self.runs.start(misses, self.config.exclusive, self.config.jobs)
        except RunsFailed as error:
            raise PluginError(str(error)) from None

    def _notebook(self, example):
        """The example's executed notebook, waiting for its run if it is still going."""
        if example not in self.notebooks:
            try:
                self._ran(example, self.runs.result(example))
            except RunsFailed as error:
                raise PluginError(str(error)) from None
        return self.notebooks[example]

    def _ran(self, example, nb):
        """Take the example's executed notebook; warn about a cell that shows too much (on kept runs too:
        the warning comes back on every build until the cell prints less)."""
        self.notebooks[example] = nb
        limit = output_limit.Limit(self.config.output_limit.lines, self.config.output_limit.kb)
        for line, passed in output_limit.over_limit(nb, self.starts[example], limit):
            log.warning("%s:%s: the cell starting here shows too much output: %s (run-examples: output_limit)", example, line, passed)

    def _all_runs(self, config, files):
        """Wait for every run, then add what is made of them all: the summary's chart and the gallery's thumbnails."""
        if self.steps is not None:
            return
        for example in self.sources:
            self._notebook(example)
        self.runs.close()
        self.steps = summary.steps(self.notebooks)
        if self.steps and files.get_file_from_path(self.config.summary):
            png = summary.chart(self.root, self.store, self.steps)
            files.append(File.generated(config, summary.IMAGE, abs_src_path=str(png)))
        if self.steps and files.get_file_from_path(self.config.gallery):
            for site_path, png in gallery.thumbnails(self.root, self.store, self.steps).items():
                files.append(File.generated(config, site_path, abs_src_path=str(png)))

    @event_priority(50)  # before mkdocs-jupyter's, which reads the page's notebook
    def on_pre_page(self, page, config, files):
        src = page.file.src_uri
        if src in self.pages:
            example = self.pages[src]
            notebook = self._page_notebook(example, page.file)
            self.alts[src] = images.image_alts(notebook)  # the template drops them; the HTML pass puts them back
            self._write_page(example, notebook)
        elif src in (self.config.gallery, self.config.summary):
            self._all_runs(config, files)
        return page

    def on_build_error(self, error):
        if hasattr(self, "runs"):
            self.runs.cancel()  # a failed build starts no more examples

    def _keep(self, example, run):
        """Log a successful run, warn about its stderr output, and cache it."""
        log.info("executed %s in %.1f s", example, run.seconds)
        for line, text in run.stderr:
            log.warning("%s:%s: the example wrote to stderr: %s", example, line, text.strip())
        used = set(_repository_files(run.used, self.root))
        results = {
            "losses": run.losses,
            "seconds": round(run.seconds, 2),
            "run": run.run,
            "finished": run.finished.strftime("%Y-%m-%d %H:%M"),
        }
        executed = self.cache.store_run(example, run.notebook, used - {str(example)}, results)
        # The page shows the run as the next builds will find it, kept in the store; the run itself only
        # when the example was edited while it ran (the next build then runs the edit).
        kept = self.cache.lookup_kept(example)
        return executed if kept is None else kept[0]

    def _page_notebook(self, example, file):
        """The notebook the example's page renders (sitebuild/page/page_cells.py)."""
        nb = self._notebook(example)
        colab = self._colab_url(f"{file.url}{example.stem}.ipynb")
        try:
            return page_cells.page_notebook(
                nb, links=downloads.links(example, colab), diff=self._diff(example, file), results=nb.metadata.get(RESULTS, {})
            )
        except ValueError as error:
            raise PluginError(f"{example}: {error}") from None

    def _diff(self, example, file) -> str:
        """The diff block from the previous step's code ("" for a lesson's first step)."""
        # Steps of one lesson share the part of the file name before the first "_" (1_1, 1_2, …).
        lesson = [ex for ex in sorted(self.sources) if ex.stem.split("_")[0] == example.stem.split("_")[0]]
        at = lesson.index(example)
        if at == 0 or not self.config.diffs:
            return ""
        previous = lesson[at - 1]
        # From the notebooks as read: the code and the previous step's title are there before either example has run.
        diff = diffs.unified_diff(self.sources[previous], self.sources[example], previous.name, example.name)
        link = get_relative_url(self.built[previous].url, file.url)
        return diffs.diff_block(diff, summary.title_of(self.sources[previous]), link)

    def _page_path(self, example) -> Path:
        """Where the executed notebook of `example` (relative to the repository) is written for mkdocs-jupyter."""
        # Mirrors the example's own path, so mkdocs-jupyter's `include` patterns match both.
        return self.page_dir / example.with_suffix(".ipynb")

    def _write_page(self, example, nb) -> Path:
        """Write the notebook mkdocs-jupyter renders; unchanged bytes keep its render cache valid."""
        path = self._page_path(example)
        text = nbformat.writes(nb)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return path

    def on_page_markdown(self, markdown, page, config, files):
        src = page.file.src_uri
        if src == self.config.summary:
            return _fill(markdown, src, summary.MARKER, summary.table(self.steps, summary.IMAGE))
        if src == self.config.gallery:
            urls = {str(example): file.url for example, file in self.built.items()}
            return _fill(markdown, src, gallery.MARKER, gallery.cards(self.steps, page.url, urls))
        if self.glossary and src == self.config.glossary:
            return _fill(markdown, src, glossary.MARKER, self.glossary.table(page))
        if src == self.config.book and book.MARKER not in markdown:
            raise PluginError(f"{src}: the marker {book.MARKER} is missing")
        return markdown

    def on_page_content(self, html, page, config, files):
        if page.file.src_uri in self.pages or page.file.src_uri == self.config.book:
            # Notebook pages link the shared notebook stylesheet (overrides/main.html reads it).
            page.notebook_stylesheet = get_relative_url(notebook_assets.STYLESHEET, page.url)
        if page.file.src_uri == self.config.book:
            return self._book(html, page)
        html = self._page_content(html, page)
        # The book takes each chapter before its math is typeset, and typesets all of it
        # (an example page typesets only its opening's).
        if any(fnmatch.fnmatch(page.file.src_uri, p) for p in self.config.book_chapters):
            self.chapters[page.file.src_uri] = html
        return self._typeset_math(page, html)[0]

    def _page_content(self, html, page):
        """The page's content with everything but the static math done."""
        example = self.pages.get(page.file.src_uri)
        if example is None:
            return self._mark_terms(html, page)
        src = page.file.src_uri
        mark_terms = (lambda doc: self.glossary.mark(doc, src)) if self.glossary else None
        settings = [src, self.config_file, *((Path(glossary.__file__), self.glossary.path) if self.glossary else ())]
        try:
            mended = page_html.mend_kept(
                self.store, settings, html, page.title or page.file.name, self.slug_options, mark_terms, self.alts[src]
            )
        except ValueError as error:
            raise PluginError(f"{example}: {error}") from None
        page.toc = mended.toc
        self.search_copies[src] = mended.search
        self.notebook_css[src] = mended.css
        self.notebook_classes.update(mended.classes)
        self.images[Path(page.file.abs_dest_path).parent] = mended.images
        if self.glossary:
            self.glossary.record(page, mended.terms)
        return mended.html

    def _book(self, html, page):
        """The book page: its own text, then every chapter in order (all rendered by now)."""
        nav = {p.file.src_uri: p for p in self.nav_pages}
        chapters = []
        for pattern in self.config.book_chapters:
            for src in sorted((s for s in self.chapters if fnmatch.fnmatch(s, pattern)), key=self.order.index):
                title = book.HOME_TITLE if nav[src].is_homepage else self.titles[src]
                chapters.append(book.Chapter(nav[src].url, title, self.chapters[src]))
        self.book_url = page.url
        pdf = book_pdf.FILE if self.config.pdf else ""
        sections, classes = book.assemble_kept(self.store, chapters, page.url)
        self.notebook_classes |= classes
        head, tail = _fill(html, page.file.src_uri, book.MARKER, "\0").split("\0")
        page.toc = book.toc(page.toc, chapters)
        # All of the math, the steps' too (a printout cannot wait for MathJax), each chapter's as one request. A page
        # that typesets math at build asked for the same formulas, so its chapter is found kept; an edit of one
        # page's formulas typesets that chapter again, not the whole book (481 formulas, 0.6 s).
        head, *sections, tail = self._typeset_math(page, head + book.front_matter(chapters, pdf), *sections, tail)
        return head + "\n".join(sections) + tail

    def on_nav(self, nav, config, files):
        self.nav_pages = nav.pages
        # The titles mkdocs.yml gives the pages (mkdocs-jupyter later replaces a notebook's with its h1).
        self.titles = {p.file.src_uri: p.title for p in nav.pages}
        return nav

    def _typeset_math(self, page, *parts):
        """The parts of the page's content with their math typeset now, each part's formulas as one request (kept):
        all of a Markdown page's, and the opening's of an example page (which loads MathJax for the rest when it
        comes into view; the first screen then waits for no script). A page with math typeset links the site's
        math stylesheet (overrides/main.html reads `page.math_stylesheet`)."""
        fonts = get_relative_url(static_math.FONTS, static_math.STYLESHEET)  # the fonts as the stylesheet finds them
        opening = self.config.math_opening if page.file.src_uri in self.pages else None
        typeset, styles = [], []
        for part in parts:
            try:
                html, css = static_math.typeset(part, self.root, self.store, fonts, opening)
            except static_math.MathError as error:
                raise PluginError(f"{page.file.src_uri}: {error}") from None
            typeset.append(html)
            styles += [css] if css else []
        self.math_css[page.file.src_uri] = "\n".join(styles)  # merged with the other pages' rules, each once (on_post_build)
        page.math_stylesheet = get_relative_url(static_math.STYLESHEET, page.url) if styles else None
        return typeset

    def _mark_terms(self, html, page):
        """The page with each glossary term's first use marked (unchanged on a site without a glossary)."""
        if not self.glossary:
            return html
        doc = tree.parse(html)
        self.glossary.record(page, self.glossary.mark(doc, page.file.src_uri))
        return doc.html()

    @event_priority(100)  # before Material's search plugin indexes page.content
    def _index_flat_cells(self, context, page, config, nav):
        if page.file.src_uri in self.pages:
            self.shown_content, page.content = page.content, self.search_copies[page.file.src_uri]
        return context

    @event_priority(-100)  # after it, so the template renders the page as it is
    def _render_cells(self, context, page, config, nav):
        if page.file.src_uri in self.pages:
            page.content = self.shown_content
        return context

    on_page_context = CombinedEvent(_index_flat_cells, _render_cells)

    @event_priority(-50)  # after Material's search plugin has written its index
    def on_post_build(self, config):
        packages = downloads.installed_kept(self.store, self.cache.base["environment"]) if self.built else None
        for example, file in self.built.items():
            self._write_downloads(example, file, config, packages)
        for folder, plots in self.images.items():
            for name, data in plots.items():
                (folder / name).write_bytes(data)
        # The pages were read in another order than the site's (on_files): the stylesheets follow the site's.
        pages = [src for src in self.order if src in self.math_css]
        if any(self.math_css.values()):
            math = Path(config.site_dir) / static_math.STYLESHEET
            math.parent.mkdir(parents=True, exist_ok=True)
            math.write_text(static_math.merge_kept(self.store, [self.math_css[src] for src in pages]), encoding="utf-8")
        blocks = list(dict.fromkeys(block for src in self.order for block in self.notebook_css.get(src, [])))  # each once
        if blocks:
            css = Path(config.site_dir) / notebook_assets.STYLESHEET
            css.parent.mkdir(parents=True, exist_ok=True)
            full = "\n".join([*blocks, notebook_assets.MERGED_LINES_CSS])
            css.write_text(self._trimmed(full), encoding="utf-8")
            # The untrimmed stylesheet stays in the cache: tests/test_css_purge.py checks that both style the pages alike.
            (self.page_dir.parent / css_purge.UNTRIMMED).write_text(full, encoding="utf-8")
        self._add_to_search(Path(config.site_dir) / "search" / "search_index.json")
        if self.config.pdf:
            self._print_book(config)
        self.store.sweep()  # last: only a build that got this far has asked for every product it needs

    def _print_book(self, config):
        """The book page printed to PDF, next to it (last: it reads the finished site)."""
        if self.book_url is None:
            raise PluginError(f"run-examples: pdf is on, but the site has no book page {self.config.book} to print")
        site = Path(config.site_dir)
        try:
            seconds = book_pdf.print_page(site, self.book_url, config.site_url or book_pdf.NO_SITE_URL, site / self.book_url / book_pdf.FILE)
        except book_pdf.PrintError as error:
            raise PluginError(f"{self.config.book}: the PDF could not be printed: {error}") from None
        log.info("printed %s%s in %.1f s", self.book_url, book_pdf.FILE, seconds)

    def _write_downloads(self, example, file, config, packages):
        """The example's script and executed notebook, each runnable alone, next to its page."""
        title = self.titles.get(file.src_uri, example.stem)
        url = config.site_url.rstrip("/") + "/" + file.url if config.site_url else file.url
        environment = self.cache.base["environment"]
        try:
            script, notebook = downloads.files_kept(self.store, self.root / example, self.notebooks[example], title, url, environment, packages)
        except downloads.BundleError as error:
            raise PluginError(str(error)) from None
        folder = Path(file.abs_dest_path).parent
        folder.mkdir(parents=True, exist_ok=True)
        (folder / example.name).write_text(script, encoding="utf-8")
        (folder / f"{example.stem}.ipynb").write_text(notebook, encoding="utf-8")

    def _trimmed(self, full):
        """The notebook stylesheet trimmed to the pages' classes; cached, as trimming takes about half a second."""
        parts = [full, "\0".join(sorted(self.notebook_classes)), Path(css_purge.__file__), metadata.version("tinycss2")]
        return self.store.text(parts, lambda: css_purge.purge(full, self.notebook_classes), ".css")

    def _add_to_search(self, index_path):
        """Material's search index with an entry per glossary term that names the page teaching it, and
        one per PyTorch name at the page whose code uses it first, so that search puts that page first."""
        if not index_path.is_file():
            return  # a site without the search plugin
        urls = {file.src_uri: file.url for file in self.files.documentation_pages()}
        entries = []
        if self.glossary:
            try:
                entries += self.glossary.search_entries(urls)
            except ValueError as error:
                raise PluginError(f"glossary: {error}") from None
        # A name that is also a glossary term (shape) is found where the glossary says it is taught.
        terms = {t.term.lower() for t in self.glossary.terms if t.page} if self.glossary else set()
        first = {name: place for name, place in self.first_uses.items() if name.lower() not in terms}
        pages = {example: file.url for example, file in self.built.items()}
        titles = {example: self.titles.get(file.src_uri, example.stem) for example, file in self.built.items()}
        entries += api_search.search_entries(first, pages, titles)
        index = json.loads(index_path.read_text(encoding="utf-8"))
        index["docs"] += entries
        index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _glossary(config, files, page):
    """The glossary of the .yml beside `page` (None for a site without that page); the page itself moves
    to the end of `files`, so that every other page has been rendered (and its terms recorded) before
    its table is made."""
    if files.get_file_from_path(page) is None:
        return None
    try:
        terms = glossary.Glossary(Path(config.docs_dir, page).with_suffix(".yml"), page)
    except (OSError, ValueError) as error:
        raise PluginError(f"glossary: {error}") from None
    file = files.get_file_from_path(page)
    files.remove(file)
    files.append(file)
    return terms


def _reorder(files, order):
    """Put the documentation pages of `files` in `order` (src_uris); mkdocs reads and writes them in this order."""
    for src in order:
        file = files.get_file_from_path(src)
        files.remove(file)
        files.append(file)


def _fill(markdown, src, marker, content):
    """Put generated content where the page's marker is; a page without its marker fails the build."""
    if marker not in markdown:
        raise PluginError(f"{src}: the marker {marker} is missing")
    return markdown.replace(marker, content)


def _repository_files(paths, root: Path):
    """The paths (relative to `root`) of the files in `paths` that belong to this repository, not
    to an installed package or a virtualenv."""
    prefix = str(root) + os.sep
    for path in paths:
        # Thousands of module files per run: a cheap string test first, `resolve` only for the few left.
        if not path.startswith(prefix):
            continue
        parts = Path(path[len(prefix):]).parts
        if parts[0].startswith(".") or {"site-packages", "__pycache__"} & set(parts):
            continue
        try:
            yield str(Path(path).resolve().relative_to(root))
        except ValueError:  # a link inside the repository pointing out of it
            continue
