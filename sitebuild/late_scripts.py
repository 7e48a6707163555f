"""Loads Material's bundle and the site's scripts after the first paint, so a long page shows its text first.

Material ends <body> with its bundle and the extra_javascript tags. On a long page the bundle's first
work (reading the layout of every header, code block and tab) then runs before the browser has painted
anything, and the first text shows later: on this machine Lighthouse measured 2.9 s instead of 2.2 s
for the heaviest page in two to three runs of five. Here those tags become one small inline script that
waits until the browser reports its first paint (a browser without paint timing: the first frame), then
adds the same scripts in the same order.

Material starts when `DOMContentLoaded` fires; a bundle that arrives later would never start, so the
loader fires that event again once the bundle has run (Material listens to it once, and no other
script on the site listens to it). `window.siteScripts` resolves when the last script has run: tests
and screenshots wait for it.
"""

import json
import re

# The bundle, then extra_javascript's tags (plain or deferred), then the end of <body>: Material's base.html.
TAGS = re.compile(
    r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>'
    r'((?:\s*<script src="[^"]*"(?: defer)?></script>)*)(?=\s*</body>)'
)
SRC = re.compile(r'src="([^"]*)"')
LOADER = (
    "<script>window.siteScripts=new Promise(done=>{"
    'let ready=0,started=0;document.addEventListener("DOMContentLoaded",()=>ready=1,{once:!0});'
    "const start=()=>{if(started++)return;"
    'const tags=%s.map(src=>{const tag=document.createElement("script");tag.src=src;tag.async=!1;'
    "document.body.append(tag);return tag});"
    'tags[0].addEventListener("load",()=>ready&&document.dispatchEvent(new Event("DOMContentLoaded")));'
    'tags.at(-1).addEventListener("load",done)};'
    'window.PerformanceObserver?.supportedEntryTypes?.includes("paint")'
    '?new PerformanceObserver(start).observe({type:"paint",buffered:!0})'
    ":requestAnimationFrame(()=>setTimeout(start))})</script>"
)


class ScriptsNotFound(Exception):
    """A page whose end of <body> is not Material's bundle followed by extra_javascript tags."""


def load_after_first_paint(output: str) -> str:
    """The page with Material's script tags at the end of <body> replaced by the loader."""
    found = list(TAGS.finditer(output))
    if len(found) != 1:
        raise ScriptsNotFound(
            "expected Material's bundle followed only by plain or deferred extra_javascript tags at the end "
            f"of <body>, found {len(found)} such runs (a Material upgrade or a new kind of script tag?)"
        )
    match = found[0]
    sources = [match.group(1), *SRC.findall(match.group(2))]
    return output[: match.start()] + LOADER % json.dumps(sources, separators=(",", ":")) + output[match.end() :]


def loaded_by(output: str) -> list:
    """The scripts that a page's loader adds, in order (none if the page has no loader)."""
    found = re.search(r"window\.siteScripts=.*?const tags=(\[[^\]]*\])", output)
    return json.loads(found.group(1)) if found else []
