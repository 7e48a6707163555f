"""Offers each example's script and executed notebook for download, next to its page."""

import shutil
from pathlib import Path

# mkdocs-jupyter's `include_source` copies the rendered (executed) notebook next to the page under
# the page source's file name, which for an example is `<stem>.ipynb`; the script is copied here.


def download_links(example: Path) -> str:
    """HTML paragraph linking `<stem>.py` and `<stem>.ipynb`, relative to the example's page."""
    return (
        '<p class="sitebuild-downloads">내려받기: '
        f'<a href="{example.stem}.py" download>파이썬 스크립트 ({example.name})</a> · '
        f'<a href="{example.stem}.ipynb" download>실행 결과가 담긴 노트북 ({example.stem}.ipynb)</a></p>'
    )


def after_title(content: str, block: str) -> str:
    """Insert `block` right after the page's first h1 (or at the top when there is none)."""
    end = content.find("</h1>")
    if end < 0:
        return block + content
    end += len("</h1>")
    return content[:end] + block + content[end:]


def copy_script(root: Path, example: Path, page_dir: Path) -> Path:
    """Copy the example script into the folder of its built page."""
    page_dir.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(root / example, page_dir / example.name))
