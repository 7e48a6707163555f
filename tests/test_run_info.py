"""Each example page ends with what produced it: running time, device, Python, torch and NumPy versions."""

import platform
import re

import numpy
import pytest
import torch
from bs4 import BeautifulSoup

from conftest import ALL_EXAMPLE_PAGES, EXAMPLES
from sitebuild.page import runinfo


def rows(site, name):
    soup = BeautifulSoup((site / "examples" / name / "index.html").read_text(encoding="utf-8"), "html.parser")
    section = soup.select_one(f".celltag_{runinfo.TAG}")
    assert section is not None
    return soup, section, {tr.th.get_text(): tr.td.get_text() for tr in section.select("tr")}


@pytest.mark.parametrize("name", ALL_EXAMPLE_PAGES)
def test_page_ends_with_the_run_that_produced_it(site, name):
    soup, section, info = rows(site, name)
    assert soup.select(".md-content h2")[-1].get_text().startswith("실행 정보"), "it is the page's last section"
    assert "실행 정보" in [a.get_text(strip=True) for a in soup.select(".md-nav--secondary a")]
    assert float(re.match(r"([0-9.]+)초", info["실행 시간"]).group(1)) > 0
    assert info["Python"] == platform.python_version()
    assert info["NumPy"] == numpy.__version__
    uses_torch = "import torch" in (EXAMPLES / f"{name}.py").read_text(encoding="utf-8")
    assert info["torch"] == (torch.__version__ if uses_torch else "쓰지 않음")
    device = "cuda" if uses_torch and torch.cuda.is_available() else "cpu"
    assert info["장치"].split()[0].startswith(device)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", info["실행한 때 (UTC)"])
    # The build caps the math libraries' threads (cores / examples run at once) unless the writer did.
    # One setting a line (<br> between them, no text).
    assert re.fullmatch(r"MKL_NUM_THREADS=(\d+)OMP_NUM_THREADS=\1OPENBLAS_NUM_THREADS=\1", info["수학 라이브러리 스레드"])
