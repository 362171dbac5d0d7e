"""``drafter regenerate --format ...,banner-cookieconsent,banner-klaro,store-play,store-apple``:
the banners and store answers kept current with the policies, in the same manifest."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT

from drafter.cli import main
from drafter.commands.banner import banner_text
from drafter.commands.manifest import MANIFEST_NAME
from drafter.commands.store import store_text
from drafter.legal.load import load_profile

Run = Callable[..., tuple[int, str, str]]
ARTEFACTS = "banner-cookieconsent,banner-klaro,store-play,store-apple"
URL = "https://policies.example/{profile}/{lang}/"
TODAY = "2026-12-03"


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["regenerate", *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A web shop with cookies (example) and an app without (parlino), as copies."""
    (tmp_path / "in").mkdir()
    for name in ("example", "parlino"):
        shutil.copy(ROOT / "profiles" / f"{name}.yaml", tmp_path / "in" / f"{name}.yaml")
    return tmp_path


def lines(out: str) -> dict[str, str]:
    """Each report line's file name -> what it says."""
    found = {}
    for line in out.splitlines():
        match = re.match(r"(\S+): (.*)", line)
        if match and "/" in match.group(1):
            found[Path(match.group(1)).name] = match.group(2)
    return found


def test_one_file_per_artefact_for_all_languages_and_as_the_commands_draft_it(folder: Path, run: Run) -> None:
    out = folder / "out"
    args = [str(folder / "in"), "--out", str(out), "--format", f"md,{ARTEFACTS}", "--policy-url", URL]
    args += ["--today", TODAY]
    code, report, _ = run(*args)
    assert code == 0
    said = lines(report)
    assert said["example.banner-cookieconsent.js"] == "new"
    assert said["example.store-apple.json"] == "new"
    assert said["parlino.store-play.json"] == "new"
    # An app without cookies has no banner: said, not silently left out.
    assert said["parlino.banner-klaro.js"].startswith("not made: the profile declares no cookies")
    assert not (out / "parlino.banner-klaro.js").exists()
    example = load_profile(folder / "in" / "example.yaml")
    url = URL.replace("{profile}", "example")
    for kind in ("cookieconsent", "klaro"):
        written = (out / f"example.banner-{kind}.js").read_text(encoding="utf-8")
        assert written == banner_text(example, kind, None, policy_url=url)  # type: ignore[arg-type]
        assert "https://policies.example/example/fr/" in written
        assert "https://policies.example/example/en/" in written
    parlino = load_profile(folder / "in" / "parlino.yaml")
    assert (out / "parlino.store-play.json").read_text(encoding="utf-8") == store_text(parlino, "play")
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["outputs"]
    assert manifest["example.banner-klaro.js"]["lang"] == "fr+en"
    assert manifest["example.banner-klaro.js"]["policy_url"] == URL
    assert manifest["example.store-play.json"]["policy_url"] is None
    # A second run: nothing changed, nothing written, the banners not even drafted again.
    code, report, _ = run(*args)
    assert code == 0 and "total: 10 outputs of 2 profiles: 10 unchanged" in report


def test_a_cookie_edited_in_the_profile_updates_the_banners_and_their_revision(
    folder: Path, run: Run
) -> None:
    out = folder / "out"
    args = [str(folder / "in"), "--out", str(out), "--format", f"md,{ARTEFACTS}", "--today", TODAY]
    assert run(*args)[0] == 0
    before = (out / "example.banner-cookieconsent.js").read_text(encoding="utf-8")
    profile = folder / "in" / "example.yaml"
    text = profile.read_text(encoding="utf-8")
    assert "duration: 6 months" in text
    profile.write_text(text.replace("duration: 6 months", "duration: 5 months", 1), encoding="utf-8")
    code, report, _ = run(*[a if a != TODAY else "2026-12-10" for a in args])
    assert code == 0
    said = lines(report)
    for name in ("example.banner-cookieconsent.js", "example.banner-klaro.js", "example.fr.md"):
        assert said[name] == "updated (profile edited)", name
    # The store answers say nothing of cookie lifetimes: the same bytes, not rewritten.
    assert said["example.store-play.json"] == "unchanged"
    after = (out / "example.banner-cookieconsent.js").read_text(encoding="utf-8")
    revision = re.compile(r"\"revision\": (\d+)")
    assert revision.search(before) and revision.search(after)
    assert revision.search(before).group(1) != revision.search(after).group(1)  # type: ignore[union-attr]


def test_fewer_languages_is_a_change_of_the_artefact_said_so(folder: Path, run: Run) -> None:
    out = folder / "out"
    base = [
        str(folder / "in" / "example.yaml"),
        "--out",
        str(out),
        "--format",
        "banner-klaro",
        "--today",
        TODAY,
    ]
    assert run(*base)[0] == 0
    code, report, _ = run(*base, "--lang", "fr")
    assert code == 0
    assert lines(report)["example.banner-klaro.js"] == "updated (languages fr+en -> fr)"
    assert '"en"' not in (out / "example.banner-klaro.js").read_text(encoding="utf-8")


def test_a_check_run_writes_no_artefact(folder: Path, run: Run) -> None:
    out = folder / "out"
    code, report, _ = run(str(folder / "in"), "--out", str(out), "--format", ARTEFACTS, "--check")
    assert code == 1 and "nothing was written" in report
    assert not out.exists()
