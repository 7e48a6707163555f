"""Checks that mkdocs-jupyter is set up the way the pipeline relies on, and says what to change in mkdocs.yml when it is not."""

from pathlib import Path, PurePath


class SettingsError(Exception):
    """A mkdocs-jupyter setting the pipeline cannot work with; the message says what to change."""


def check(plugins, examples, pages):
    """Fail unless mkdocs-jupyter renders the executed notebooks as they are. `plugins`: MkDocs' loaded plugins;
    `examples`: the example files (their real paths); `pages`: the executed notebook each becomes, which
    mkdocs-jupyter is handed in place of the example (mkdocs-jupyter matches both paths against `include`)."""
    jupyter = plugins.get("mkdocs-jupyter")
    if jupyter is None:
        raise SettingsError("mkdocs.yml: add the mkdocs-jupyter plugin after run-examples: it renders the examples' pages")
    settings = jupyter.config
    if settings["execute"]:
        raise SettingsError(
            "mkdocs.yml: mkdocs-jupyter's execute must be false: run-examples executes each example (and caches the run); "
            "with execute: true every example would run twice"
        )
    if settings["include_source"]:
        raise SettingsError(
            "mkdocs.yml: mkdocs-jupyter's include_source must be false: run-examples writes each page's downloads "
            "(the script and the executed notebook, with their helpers bundled), which the source would overwrite"
        )
    for example, page in zip(examples, pages):
        for path in (example, page):
            if not any(PurePath(path).match(pattern) for pattern in settings["include"]):
                kind = "example" if path == example else "executed notebook run-examples writes for it"
                raise SettingsError(
                    f"mkdocs.yml: mkdocs-jupyter's include {settings['include']} does not match {Path(path).name}, the {kind}; "
                    f"give it a pattern for both, as in [\"examples/[0-9]*.py\", \"examples/[0-9]*.ipynb\"]"
                )
