"""`--format html`: one self-contained page that opens in a real browser and injects nothing."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from .conftest import CliResult, postgres_addon, write_export
from .pngpixels import decode_png

FLEET = (
    "examples/bookshelf/export.json",
    "examples/notes-api/src",
    "examples/hello-minimal/export.json",
)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HOSTILE = '<img src=x onerror="alert(1)">'


class _Page(HTMLParser):
    """Every element, its attributes, and the text of each <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if dict(attrs).get("id"):
            self.ids.add(str(dict(attrs)["id"]))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def _page(herokube: Callable[..., CliResult], out: Path, *sources: str | Path) -> str:
    result = herokube("assess", *map(str, sources), "--format", "html", "--out", str(out))
    assert (result.code, result.out, result.err) == (0, "", f"Wrote {out}\n")
    return out.read_text(encoding="utf-8")


@pytest.fixture
def fleet_page(tmp_path: Path, herokube: Callable[..., CliResult]) -> Path:
    out = tmp_path / "report.html"
    _page(herokube, out, *FLEET)
    return out


def test_the_page_fetches_nothing(fleet_page: Path) -> None:
    page = _Page()
    page.feed(fleet_page.read_text(encoding="utf-8"))
    references = [
        (tag, name, value)
        for tag, attrs in page.tags
        for name, value in attrs.items()
        if name in ("src", "href", "xlink:href", "srcset", "action", "data", "poster")
    ]
    assert references, "the page links its sections"
    assert [r for r in references if not (r[2] or "").startswith(("#", "data:"))] == []
    assert not [tag for tag, _ in page.tags if tag in ("script", "link", "iframe", "object")]
    assert all("url(" not in style and "@import" not in style for style in page.styles)
    # Every fragment points at something on the page.
    fragments = {str(value)[1:] for _, _, value in references if str(value).startswith("#")}
    assert fragments <= page.ids


def test_every_app_has_a_section_linked_from_the_overview(fleet_page: Path) -> None:
    text = fleet_page.read_text(encoding="utf-8")
    for name in ("bookshelf", "notes-api", "hello-minimal"):
        assert f'<section class="app" id="app-{name}">' in text
        assert f'<a href="#app-{name}">{name}</a>' in text
    for section in ("overview", "waves", "shared", "capacity", "cost"):
        assert f'<section id="{section}">' in text
    assert text.count("<svg ") == 2  # waves and capacity; nothing is shared in the examples


def test_the_page_holds_the_text_facts_and_the_cost(
    fleet_page: Path, herokube: Callable[..., CliResult]
) -> None:
    text = fleet_page.read_text(encoding="utf-8")
    facts = herokube("assess", "examples/hello-minimal/export.json").out
    # The per-app section is --format text's own block for that app (its title is the heading).
    block = facts.split("\n", 1)[1].split("\n== Cost a month")[0].strip("\n")
    assert str(escape(block)) in text
    assert "$1,125" not in text and "all apps" in text


def test_user_text_cannot_inject_markup(tmp_path: Path, herokube: Callable[..., CliResult]) -> None:
    database = postgres_addon(HOSTILE, "shop-web", "shop-admin")
    database["attachments"].append({"name": "DATABASE", "app": "</text><script>alert(2)</script>"})
    paths = [write_export(tmp_path, name, addons=[database]) for name in ("shop-web", "shop-admin")]
    text = _page(herokube, tmp_path / "report.html", *paths)
    assert HOSTILE not in text and "<script>" not in text
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in text
    assert "&lt;/text&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in text
    page = _Page()
    page.feed(text)
    assert not [tag for tag, _ in page.tags if tag in ("img", "script")]
    assert text.count("<svg ") == 3  # the shared add-on is drawn too


def test_one_app_page_draws_capacity_on_the_node_size_given(
    tmp_path: Path, herokube: Callable[..., CliResult]
) -> None:
    """One node size serves the cost and the capacity picture, with one app as with a fleet."""
    out = tmp_path / "one.html"
    result = herokube(
        "assess", str(FLEET[0]), "--format", "html", "--out", str(out), "--node-size", "2x8"
    )
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert "2 vCPU / 8 GiB" in text
    assert "4 vCPU / 16 GiB" not in text


def test_the_same_input_gives_the_same_page(
    tmp_path: Path, fleet_page: Path, herokube: Callable[..., CliResult]
) -> None:
    assert _page(herokube, tmp_path / "again.html", *FLEET) == fleet_page.read_text(
        encoding="utf-8"
    )


def _chromium(page: Path, tmp_path: Path) -> tuple[Path, str]:
    """Open ``page`` headless, offline, with the console logged; the screenshot and the log."""
    assert CHROMIUM is not None
    shot = tmp_path / f"{page.stem}.png"
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            # Any host name resolves to nothing: a request would fail and show in the console.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr",
            "--log-level=0",
            "--v=0",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            f"--screenshot={shot}",
            "--window-size=900,1200",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    console = "\n".join(line for line in result.stderr.splitlines() if ":CONSOLE" in line)
    return shot, console


def _ink(shot: Path) -> tuple[float, float]:
    """The share of pixels that are not the page's white, and the luminance variance."""
    width, height, channels, rows = decode_png(shot.read_bytes())
    assert (width, height) == (900, 1200)
    values = [
        sum(row[x : x + 3]) // 3 if channels >= 3 else row[x]
        for row in rows
        for x in range(0, width * channels, channels)
    ]
    mean = sum(values) / len(values)
    variance = sum((v - mean) ** 2 for v in values) / len(values)
    return sum(1 for v in values if v < 250) / len(values), variance


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_chromium_renders_the_page_without_console_errors(fleet_page: Path, tmp_path: Path) -> None:
    # First prove the check sees errors at all: a page that logs one must be caught.
    broken = tmp_path / "broken.html"
    broken.write_text("<p>x</p><script>console.error('boom')</script>", encoding="utf-8")
    assert "boom" in _chromium(broken, tmp_path / "b")[1]

    shot, console = _chromium(fleet_page, tmp_path / "a")
    assert console == ""
    inked, variance = _ink(shot)
    assert inked > 0.02, f"the screenshot is nearly blank ({inked:.1%} inked)"
    assert variance > 100.0
