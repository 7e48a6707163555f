"""Makes the script loader that overrides/main.html puts in place of Material's script tags: they load after the first paint.

Material ends <body> (its template's `scripts` block) with its bundle and the extra_javascript tags. On
a long page the bundle's first work (reading the layout of every header, code block and tab) then runs
before the browser has painted anything, and the first text shows later: on this machine Lighthouse
measured 2.9 s instead of 2.2 s for the heaviest page in two to three runs of five. overrides/main.html
fills that block with one small inline script instead, which waits until the browser reports its first
paint (a browser without paint timing: the first frame), then adds the same scripts in the same order.

Material starts when `DOMContentLoaded` fires; a bundle that arrives later would never start, so the
loader fires that event again once the bundle has run (Material listens to it once, and no other
script on the site listens to it). `window.siteScripts` resolves when the last script has run: tests
and screenshots wait for it. It rejects, naming the script, when one of them fails to load (the
browser then skips it and runs the rest), so that a missing script is reported, not a later symptom.
"""

import fnmatch
import json
import re

from markupsafe import Markup

# Material's bundle, in its templates' assets (the name carries a hash that changes with each release).
BUNDLE = "assets/javascripts/bundle.*.min.js"
LOADER = (
    "<script>window.siteScripts=new Promise((done,fail)=>{"
    'let ready=0,started=0;document.addEventListener("DOMContentLoaded",()=>ready=1,{once:!0});'
    "const start=()=>{if(started++)return;"
    'const tags=%s.map(src=>{const tag=document.createElement("script");tag.src=src;tag.async=!1;'
    'tag.addEventListener("error",()=>fail(new Error("script did not load: "+src)));'
    "document.body.append(tag);return tag});"
    'tags[0].addEventListener("load",()=>ready&&document.dispatchEvent(new Event("DOMContentLoaded")));'
    'tags.at(-1).addEventListener("load",done)};'
    'window.PerformanceObserver?.supportedEntryTypes?.includes("paint")'
    '?new PerformanceObserver(start).observe({type:"paint",buffered:!0})'
    ":requestAnimationFrame(()=>setTimeout(start))})</script>"
)


# For programs that drive a browser (the tests, scripts/screenshots.py, the book's PDF): a JavaScript expression
# that resolves once the page's scripts have run. The loader stands at the end of <body>, so window.siteScripts
# exists only once the page is parsed, and a long page (the book) can still be parsing when the network has
# been idle for half a second, which is when Playwright's goto(wait_until="networkidle") returns.
SCRIPTS_RUN = (
    '(document.readyState === "loading"'
    ' ? new Promise((parsed) => document.addEventListener("DOMContentLoaded", parsed, {once: true}))'
    " : Promise.resolve()).then(() => window.siteScripts)"
)


class LoaderError(Exception):
    """The loader cannot stand in for Material's script tags: its bundle is not found, or a script is of a kind it cannot add."""


def bundle(src_uris) -> str:
    """The site path of Material's bundle among the site's files (`src_uris`)."""
    found = sorted(fnmatch.filter(src_uris, BUNDLE))
    if len(found) != 1:
        raise LoaderError(
            f"expected one Material bundle {BUNDLE} among the theme's files, found {found or 'none'} "
            "(a Material upgrade that renamed it? overrides/main.html's scripts block loads it)"
        )
    return found[0]


def check(extra_javascript):
    """Refuse extra_javascript entries the loader would change: it adds scripts in order, as plain classic scripts,
    which runs plain and deferred ones as before (the page is parsed by then), but not modules or async ones."""
    for script in extra_javascript:
        if getattr(script, "type", "") not in ("", "text/javascript") or getattr(script, "async_", False):
            raise LoaderError(
                f"extra_javascript {script.path}: the loader adds scripts as plain classic scripts in order; "
                "give it no type: module and no async: true, or load it without the loader"
            )


def loader(sources) -> Markup:
    """The inline script that adds `sources` (URLs as the page finds them, the bundle first) after the first paint."""
    return Markup(LOADER % json.dumps(list(sources), separators=(",", ":")))


def loaded_by(output: str) -> list:
    """The scripts that a page's loader adds, in order (none if the page has no loader)."""
    found = re.search(r"window\.siteScripts=.*?const tags=(\[[^\]]*\])", output)
    return json.loads(found.group(1)) if found else []
