"""``drafter regenerate``: only the policies whose content changed are rewritten, with a new date."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES
from helpers import minimal, write_profile

from drafter.cli import main
from drafter.commands import regenerate as regenerate_module
from drafter.commands import regenerate_outputs as outputs_module
from drafter.commands.manifest import MANIFEST_NAME, sha256
from drafter.legal.load import load_profile
from drafter.model.catalog import builtin_vendor_dir

Run = Callable[..., tuple[int, str, str]]
Snapshot = dict[str, tuple[bytes, int]]

# The profiles that use Stripe, by the catalog (not by a list kept here by hand).
STRIPE_USERS = sorted(p.stem for p in PROFILES if "stripe" in load_profile(p).vendors)
# Those served by Stripe's EEA entity (a controller in the UK is served by Stripe Payments UK).
STRIPE_EEA_USERS = sorted(
    p.stem for p in PROFILES if p.stem in STRIPE_USERS and load_profile(p).facts.region == "eea"
)
FORMATS = ("md", "html")


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["regenerate", *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    folder = tmp_path / "profiles"
    folder.mkdir()
    for profile in PROFILES:
        shutil.copy(profile, folder / profile.name)
    return folder


def user_vendor(tmp_path: Path, vendor: str, old: str, new: str) -> Path:
    """A user catalog folder with a changed copy of a built-in vendor."""
    folder = tmp_path / "vendors"
    folder.mkdir(exist_ok=True)
    text = (builtin_vendor_dir() / f"{vendor}.yaml").read_text(encoding="utf-8")
    assert old in text
    (folder / f"{vendor}.yaml").write_text(text.replace(old, new), encoding="utf-8")
    return folder


def snapshot(folder: Path) -> Snapshot:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def outputs_of(stems: list[str], langs: tuple[str, ...] = ("en", "fr")) -> set[str]:
    return {f"{stem}.{lang}.{fmt}" for stem in stems for lang in langs for fmt in FORMATS}


def statuses(stdout: str, out: Path) -> dict[str, str]:
    """``{output name: status}`` from the lines ``OUT/NAME: status``."""
    found = {}
    for line in stdout.splitlines():
        if line.startswith(f"{out}{os.sep}"):
            name, status = line[len(str(out)) + 1 :].split(": ", 1)
            found[name] = status
    return found


def test_a_vendor_change_updates_exactly_the_policies_that_use_it(
    run: Run, profiles: Path, tmp_path: Path
) -> None:
    assert STRIPE_USERS and len(STRIPE_USERS) < len(PROFILES)
    out = tmp_path / "site"
    code, stdout, _ = run(str(profiles), "--out", str(out), "--format", "md,html", "--today", "2026-12-01")
    assert code == 0
    every = outputs_of([p.stem for p in PROFILES])
    assert statuses(stdout, out) == dict.fromkeys(every, "new")
    assert {p.name for p in out.iterdir()} == every | {MANIFEST_NAME}
    before = snapshot(out)

    entity = "Stripe Payments Europe, Limited"
    vendors = user_vendor(tmp_path, "stripe", entity, f"{entity} (Dublin branch)")
    args = [str(profiles), "--out", str(out), "--format", "md,html", "--vendors", str(vendors)]

    # --check names exactly the policies that would change, and writes nothing.
    code, stdout, _ = run(*args, "--today", "2027-03-04", "--check")
    assert code == 1
    expected = outputs_of(STRIPE_EEA_USERS)
    found = statuses(stdout, out)
    assert {n for n, s in found.items() if s != "unchanged"} == expected
    assert {found[n] for n in expected} == {"updated (vendor 'stripe' changed)"}
    assert f"check: {len(expected)} of {len(every)} outputs would change" in stdout
    assert snapshot(out) == before

    code, stdout, _ = run(*args, "--today", "2027-03-04")
    assert code == 0
    after = snapshot(out)
    changed = {name for name in before if after[name] != before[name]}
    assert changed == expected | {MANIFEST_NAME}
    for stem in STRIPE_EEA_USERS:
        en = (out / f"{stem}.en.md").read_text(encoding="utf-8")
        fr = (out / f"{stem}.fr.md").read_text(encoding="utf-8")
        assert "Stripe Payments Europe, Limited (Dublin branch)" in en
        assert "Last updated: 4 March 2027." in en
        assert "Dernière mise à jour\N{NO-BREAK SPACE}: 4\N{NO-BREAK SPACE}mars 2027." in fr
        assert "4 March 2027" in (out / f"{stem}.en.html").read_text(encoding="utf-8")
    for name in every - expected:
        assert "2027" not in (out / name).read_text(encoding="utf-8")

    # Run again (even another day): nothing is rewritten, the manifest keeps its bytes.
    code, stdout, _ = run(*args, "--today", "2027-03-05")
    assert code == 0
    assert set(statuses(stdout, out).values()) == {"unchanged"}
    assert snapshot(out) == after
    code, _, _ = run(*args, "--today", "2027-03-05", "--check")
    assert code == 0


def test_a_transfer_mechanism_change_shows_in_the_diff(run: Run, profiles: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run(str(profiles), "--out", str(out), "--lang", "en", "--today", "2026-12-01")[0] == 0
    before = snapshot(out)
    vendors = user_vendor(tmp_path, "stripe", "transfer_mechanism: scc", "transfer_mechanism: bcr")
    args = [str(profiles), "--out", str(out), "--lang", "en", "--vendors", str(vendors)]
    code, stdout, _ = run(*args, "--check", "--diff", "--today", "2027-01-02")
    assert code == 1
    assert snapshot(out) == before  # --diff with --check writes nothing either
    lines = stdout.splitlines()
    assert f"+++ {out / 'example.en.md'}" in lines
    assert "-Last updated and effective: 15 January 2026." in lines
    assert "+Last updated: 2 January 2027. Effective from 15 January 2026." in lines
    # The transfers list has a line per set of safeguards, naming its recipients.
    stripe_us = [line for line in lines if "Stripe" in line and "(United States)" in line]
    removed = [line for line in stripe_us if line.startswith("-- ")]
    added = [line for line in stripe_us if line.startswith("+- ")]
    assert len(removed) == len(added) == len(STRIPE_USERS)
    assert all("standard contractual clauses" in line for line in removed)
    assert all("binding corporate rules" in line for line in added)
    assert not any(line.startswith(f"+++ {out / 'melogen.en.md'}") for line in lines)


def test_a_profile_edit_says_so(run: Run, profiles: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run(str(profiles), "--out", str(out), "--today", "2026-12-01")[0] == 0
    melogen = profiles / "melogen.yaml"
    text = melogen.read_text(encoding="utf-8")
    text = text.replace("languages: [fr, en]", "languages: [fr]")
    text = text.replace("name: Melogen AI", "name: Melogen Studio")
    melogen.write_text(text, encoding="utf-8")
    code, stdout, _ = run(str(profiles), "--out", str(out), "--today", "2026-12-02")
    assert code == 0
    found = statuses(stdout, out)
    assert found["melogen.fr.md"] == "updated (profile edited)"
    assert "Melogen Studio" in (out / "melogen.fr.md").read_text(encoding="utf-8")
    assert "melogen.en.md" not in found
    assert "left alone: melogen.en.md" in stdout and (out / "melogen.en.md").exists()
    assert {s for n, s in found.items() if not n.startswith("melogen.")} == {"unchanged"}


def test_new_outputs_are_what_render_gives(
    run: Run, profiles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A first run keeps the profile's own date: the same text as ``drafter render``."""
    out = tmp_path / "site"
    assert run(str(profiles / "example.yaml"), "--out", str(out), "--format", "html,txt")[0] == 0
    assert sorted(p.name for p in out.iterdir() if p.name != MANIFEST_NAME) == [
        "example.en.html",
        "example.en.txt",
        "example.fr.html",
        "example.fr.txt",
    ]
    assert main(["render", str(profiles / "example.yaml"), "--lang", "en", "--format", "html"]) == 0
    assert capsys.readouterr().out == (out / "example.en.html").read_text(encoding="utf-8")
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    record = manifest["outputs"]["example.en.html"]
    assert record["content_sha256"] == sha256((out / "example.en.html").read_bytes())
    assert set(record["vendors"]) == set(load_profile(profiles / "example.yaml").vendors)
    assert record["last_updated"] == str(load_profile(profiles / "example.yaml").profile.dates.last_updated)


def test_a_broken_profile_is_reported_and_the_others_are_written(
    run: Run, profiles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = minimal()
    data["controller"]["email"] = "nope"
    data["purposes"][0]["legal_basis"] = "whim"
    broken = write_profile(profiles / "broken.yaml", data)
    out = tmp_path / "site"
    code, stdout, stderr = run(str(profiles), "--out", str(out))
    assert code == 2
    assert main(["validate", str(broken)]) == 2
    expected = capsys.readouterr().err.splitlines()
    assert len(expected) == 2 and all(line.startswith(f"{broken}:") for line in expected)
    assert stderr.splitlines() == expected
    assert f"{broken}: failed (2 problems, listed on stderr)" in stdout.splitlines()
    assert {p.name for p in out.iterdir()} == {
        f"{p.stem}.{lang}.md" for p in PROFILES for lang in ("en", "fr")
    } | {MANIFEST_NAME}
    assert stdout.splitlines()[-1].endswith("; 1 profile failed")


def test_an_interrupted_run_leaves_whole_files_and_the_next_run_finishes(
    run: Run, profiles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = tmp_path / "reference"
    assert run(str(profiles), "--out", str(reference), "--today", "2026-12-01")[0] == 0
    out = tmp_path / "site"
    real_replace = os.replace
    calls: list[str] = []

    def interrupted(src: str, dst: str) -> None:
        calls.append(str(dst))
        if len(calls) == 4:  # Ctrl-C in the middle of writing the fourth policy
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", interrupted)
    # One process: Ctrl-C reaches the main process only (workers ignore it), and the patched
    # os.replace stands for the write it interrupts.
    code, _, stderr = run(str(profiles), "--out", str(out), "--today", "2026-12-01", "--jobs", "1")
    monkeypatch.setattr(os, "replace", real_replace)
    assert code == 130 and "drafter: interrupted; 3 changed policies were written" in stderr, stderr
    written = {p.name for p in out.iterdir()}
    assert written == {Path(c).name for c in calls[:3]} | {MANIFEST_NAME}  # no temporary file
    for name in written - {MANIFEST_NAME}:
        assert (out / name).read_bytes() == (reference / name).read_bytes()
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert set(manifest["outputs"]) == written - {MANIFEST_NAME}

    code, stdout, _ = run(str(profiles), "--out", str(out), "--today", "2026-12-02")
    assert code == 0
    assert sorted(set(statuses(stdout, out).values())) == ["new", "unchanged"]
    assert snapshot_bytes(out) == snapshot_bytes(reference)
    before = snapshot(out)
    assert run(str(profiles), "--out", str(out), "--today", "2026-12-03")[0] == 0
    assert snapshot(out) == before


def test_a_stale_manifest_is_rechecked(run: Run, profiles: Path, tmp_path: Path) -> None:
    """If the manifest could not be written (power cut), the next run still gets it right."""
    out = tmp_path / "site"
    assert run(str(profiles), "--out", str(out), "--today", "2026-12-01")[0] == 0
    old_manifest = (out / MANIFEST_NAME).read_bytes()
    vendors = user_vendor(tmp_path, "stripe", "Stripe Payments Europe, Limited", "Stripe Europe Ltd")
    args = [str(profiles), "--out", str(out), "--vendors", str(vendors)]
    assert run(*args, "--today", "2026-12-02")[0] == 0
    (out / MANIFEST_NAME).write_bytes(old_manifest)  # as if the run had stopped before it
    code, stdout, _ = run(*args, "--today", "2026-12-03")
    assert code == 0
    found = statuses(stdout, out)
    assert {n for n, s in found.items() if s != "unchanged"} == {
        f"{stem}.{lang}.md" for stem in STRIPE_EEA_USERS for lang in ("en", "fr")
    }
    # The files were right; only the record was stale: they now say the last run's day.
    assert "3 December 2026" in (out / f"{STRIPE_EEA_USERS[0]}.en.md").read_text(encoding="utf-8")
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    for name, record in manifest["outputs"].items():
        assert record["content_sha256"] == sha256((out / name).read_bytes())
    before = snapshot(out)
    assert run(*args, "--today", "2026-12-04")[0] == 0
    assert snapshot(out) == before


def test_a_file_edited_by_hand_is_rewritten_without_moving_its_date(run: Run, tmp_path: Path) -> None:
    profile = write_profile(tmp_path / "shop.yaml", minimal())
    out = tmp_path / "site"
    assert run(str(profile), "--out", str(out), "--today", "2026-12-01")[0] == 0
    policy = out / "shop.en.md"
    original = policy.read_bytes()
    policy.write_text("edited by hand\n", encoding="utf-8")
    code, stdout, _ = run(str(profile), "--out", str(out), "--today", "2026-12-02", "--check")
    assert code == 1 and f"{policy}: updated (file changed since the last run)" in stdout
    assert run(str(profile), "--out", str(out), "--today", "2026-12-02")[0] == 0
    assert policy.read_bytes() == original  # the policy itself did not change: same date
    policy.unlink()
    code, stdout, _ = run(str(profile), "--out", str(out), "--today", "2026-12-03")
    assert code == 0 and f"{policy}: new (file was missing)" in stdout
    assert policy.read_bytes() == original


def test_many_profiles_in_parallel_give_the_same_files(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools: list[int] = []

    class Pool(ProcessPoolExecutor):
        def __init__(self, workers: int, **kwargs: Any) -> None:
            pools.append(workers)
            super().__init__(workers, **kwargs)

    monkeypatch.setattr(regenerate_module, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)  # --jobs 3 is not lowered on a smaller machine
    folder = tmp_path / "clients"
    folder.mkdir()
    count = regenerate_module.PARALLEL_MIN + 2
    for i in range(count):
        data = minimal(languages=["en", "fr"] if i % 2 else ["en"])
        data["service"] = {"name": f"Client {i}", "description": "online shop"}
        if i % 2:
            data["data"][0]["label"] = {"en": "contact details", "fr": "coordonnées"}
            data["data"][0]["examples"] = {"en": ["name"], "fr": ["nom"]}
            data["purposes"][0]["description"] = {"en": "process orders", "fr": "traiter les commandes"}
            data["service"]["description"] = {"en": "online shop", "fr": "boutique en ligne"}
        write_profile(folder / f"client{i}.yaml", data)
    one, many = tmp_path / "one", tmp_path / "many"
    assert run(str(folder), "--out", str(one), "--jobs", "1", "--today", "2026-12-01")[0] == 0
    assert pools == []
    code, stdout, _ = run(str(folder), "--out", str(many), "--jobs", "3", "--today", "2026-12-01")
    assert code == 0, stdout
    assert pools == [3]
    assert snapshot_bytes(one) == snapshot_bytes(many)
    assert len(snapshot_bytes(many)) == count + count // 2 + 1
    before = snapshot(many)
    code, stdout, _ = run(str(folder), "--out", str(many), "--jobs", "3", "--today", "2026-12-02")
    assert code == 0 and set(statuses(stdout, many).values()) == {"unchanged"}
    assert snapshot(many) == before
    assert pools == [3]  # nothing changed: seen from the manifest, no worker processes started
    write_profile(folder / "client0.yaml", minimal(service={"name": "Client 0", "description": "ceramics"}))
    code, stdout, _ = run(str(folder), "--out", str(many), "--jobs", "3", "--today", "2026-12-02")
    assert code == 0 and statuses(stdout, many)["client0.en.md"].startswith("updated (profile edited")
    assert pools == [3]  # one profile to render: too few for a pool


def test_languages_and_check_on_a_new_folder(run: Run, tmp_path: Path) -> None:
    english = write_profile(tmp_path / "english.yaml", minimal())
    out = tmp_path / "site"
    code, stdout, _ = run(str(english), "--out", str(out), "--lang", "fr", "--check")
    assert code == 0 and "check: 0 of 0 outputs would change" in stdout
    code, stdout, _ = run(str(english), "--out", str(out), "--lang", "en,fr", "--check")
    assert code == 1 and f"{out / 'english.en.md'}: new" in stdout
    assert not out.exists()


def test_run_wide_problems_stop_before_writing(run: Run, profiles: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(profiles / "example.yaml", other / "example.yaml")
    out = tmp_path / "site"
    code, _, stderr = run(str(profiles), str(other), "--out", str(out))
    assert code == 2 and f"{other / 'example.yaml'}: has the same file name as" in stderr
    out.mkdir()
    (out / MANIFEST_NAME).write_text("[1, 2]\n", encoding="utf-8")
    code, _, stderr = run(str(profiles), "--out", str(out))
    assert code == 2 and f"{out / MANIFEST_NAME}: is not a drafter manifest" in stderr
    assert [p.name for p in out.iterdir()] == [MANIFEST_NAME]


def snapshot_bytes(folder: Path) -> dict[str, bytes]:
    return {name: data for name, (data, _) in snapshot(folder).items()}


def test_an_unchanged_output_is_not_rendered_again(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same recorded inputs and the file as written: no render at all; any other input
    (here, the profile) goes through a full render again."""
    profile = write_profile(tmp_path / "shop.yaml", minimal())
    out = tmp_path / "site"
    assert run(str(profile), "--out", str(out), "--today", "2026-12-01")[0] == 0
    calls: list[str] = []
    real = outputs_module.render_policy

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append("render")
        return real(*args, **kwargs)

    monkeypatch.setattr(outputs_module, "render_policy", counting)
    code, stdout, _ = run(str(profile), "--out", str(out), "--today", "2026-12-02", "--jobs", "1")
    assert code == 0 and "unchanged" in stdout and calls == []
    write_profile(profile, minimal(service={"name": "Example", "description": "online ceramics shop"}))
    code, stdout, _ = run(str(profile), "--out", str(out), "--today", "2026-12-02", "--jobs", "1")
    assert code == 0 and "updated (profile edited)" in stdout and calls


def _loads_counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The profiles regenerate reads and validates from now on (this process, --jobs 1)."""
    loads: list[str] = []
    real = outputs_module.parse_profile

    def counting(text: str, name: str, *args: Any, **kwargs: Any) -> Any:
        loads.append(Path(name).stem)
        return real(text, name, *args, **kwargs)

    monkeypatch.setattr(outputs_module, "parse_profile", counting)
    return loads


def test_nothing_changed_is_seen_from_the_manifest_without_reading_a_profile(
    run: Run, profiles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    assert (
        run(str(profiles), "--out", str(out), "--today", "2026-12-01", "--jobs", "1", "--format", "md,html")[
            0
        ]
        == 0
    )
    before = snapshot(out)
    loads = _loads_counted(monkeypatch)
    code, stdout, _ = run(
        str(profiles), "--out", str(out), "--today", "2026-12-02", "--jobs", "1", "--format", "md,html"
    )
    assert code == 0 and loads == []
    assert set(statuses(stdout, out).values()) == {"unchanged"} and snapshot(out) == before

    # A changed catalog entry, a file changed by hand: each goes the full way.
    vendors = user_vendor(tmp_path, "stripe", "Stripe", "Stripe (renamed)")
    code, stdout, _ = run(
        str(profiles), "--out", str(out), "--vendors", str(vendors), "--jobs", "1", "--format", "md,html"
    )
    assert sorted(set(loads)) == STRIPE_USERS
    updated = {name for name, status in statuses(stdout, out).items() if status.startswith("updated")}
    assert updated == outputs_of(STRIPE_USERS)
    loads.clear()
    victim = next(iter(sorted(out.glob("*.en.md"))))
    victim.write_text(victim.read_text(encoding="utf-8") + "\nAdded by hand.\n", encoding="utf-8")
    code, stdout, _ = run(
        str(profiles), "--out", str(out), "--vendors", str(vendors), "--jobs", "1", "--format", "md,html"
    )
    assert loads == [victim.name.split(".")[0]]
    assert statuses(stdout, out)[victim.name].startswith("updated (file changed")


def test_an_override_of_a_changed_field_keeps_the_policy(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The catalog entry changed, but the profile's override replaces that very field: the
    manifest alone cannot tell, the full path can, and the policy is left alone."""
    stripe = {"vendor": "stripe", "purposes": ["orders"], "override": {"name": "Stripe (our contract)"}}
    profile = write_profile(tmp_path / "shop.yaml", minimal(processors=[stripe]))
    out = tmp_path / "site"
    assert run(str(profile), "--out", str(out), "--today", "2026-12-01", "--jobs", "1")[0] == 0
    before = snapshot(out)
    loads = _loads_counted(monkeypatch)
    vendors = user_vendor(tmp_path, "stripe", "name: Stripe", "name: Stripe (renamed)")
    code, stdout, _ = run(str(profile), "--out", str(out), "--vendors", str(vendors), "--jobs", "1")
    assert code == 0 and loads == ["shop"]
    assert set(statuses(stdout, out).values()) == {"unchanged"}
    assert {k: v for k, v in snapshot(out).items() if k != MANIFEST_NAME} == {
        k: v for k, v in before.items() if k != MANIFEST_NAME
    }


def test_a_manifest_from_an_older_drafter_gains_what_the_shortcut_needs(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stripe = {"vendor": "stripe", "purposes": ["orders"]}
    profile = write_profile(tmp_path / "shop.yaml", minimal(processors=[stripe]))
    out = tmp_path / "site"
    assert run(str(profile), "--out", str(out), "--today", "2026-12-01", "--jobs", "1")[0] == 0
    manifest = out / MANIFEST_NAME
    data = json.loads(manifest.read_text(encoding="utf-8"))
    for record in data["outputs"].values():
        assert record["languages"] == ["en"] and "stripe" in record["catalog_vendors"]
        del record["languages"], record["catalog_vendors"]
    manifest.write_text(json.dumps(data), encoding="utf-8")
    loads = _loads_counted(monkeypatch)
    assert run(str(profile), "--out", str(out), "--jobs", "1")[0] == 0
    assert loads == ["shop"]  # the full path, once
    upgraded = json.loads(manifest.read_text(encoding="utf-8"))["outputs"].values()
    assert all(r["languages"] == ["en"] and r["catalog_vendors"] for r in upgraded)
    assert run(str(profile), "--out", str(out), "--jobs", "1")[0] == 0
    assert loads == ["shop"]  # and not again
