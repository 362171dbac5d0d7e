"""drafter benchmarks: per-policy cost against a floor, batch regenerate, cold start.

Run from the repository root::

    python benchmarks/run.py [--quick] [--json FILE]

Prints a table and writes the figures as JSON (default: ``benchmarks/results.json``).
Every ratio compares two measures taken in the same run, on the same machine.
See docs/performance.md for what each measure means.
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PROFILES = sorted((ROOT / "profiles").glob("*.yaml"))
FORMATS = ("md", "html")  # per policy: the text formats against the floor
BATCH_FORMATS = ("md", "html", "txt", "docx", "pdf")
PDF_COUNT = 100  # the PDF side by side: one browser for all, against one Chromium per file
WIZARD_MODULES = ("questionary", "prompt_toolkit", "ruamel")
TODAY = "2026-12-01"
EDITED_VENDOR = "paypal"
BARE_IMPORT = "python -c 'import jinja2, yaml, pydantic'"
BASEMODEL = "python -c 'from pydantic import BaseModel'"
RENDER = "drafter render profiles/example.yaml"

TARGET_POLICY_RATIO = 1.5
TARGET_SECOND_RUN = 0.20
TARGET_PEAK_MB = 300.0
TARGET_COLD_RATIO = 1.8  # against BASEMODEL
TARGET_PDF_SPEEDUP = 5.0

Row = dict[str, Any]


def interleaved_minimums(fns: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """The minimum wall time of each function, in seconds.

    The functions take turns (one call each per round, in a rotating order) so a burst of
    load on a shared machine hits every side alike; the garbage collector is paused during
    each call, as ``timeit`` does.
    """
    names = list(fns)
    for fn in fns.values():  # warm-up
        fn()
    best = dict.fromkeys(names, float("inf"))
    for round_ in range(repeats):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            gc.collect()
            gc.disable()
            try:
                start = time.perf_counter()
                fns[name]()
                elapsed = time.perf_counter() - start
            finally:
                gc.enable()
            best[name] = min(best[name], elapsed)
    return best


# -- per policy ---------------------------------------------------------------------------


def per_policy(repeats: int) -> list[Row]:
    """Floor (libyaml load + Jinja render of pre-compiled templates) against drafter's path."""
    from drafter.legal.load import load_profile
    from drafter.render.environment import environment
    from drafter.render.formats import render
    from drafter.render.language import language_record
    from drafter.render.policy import policy_context
    from drafter.render.sections import SECTIONS

    names = ["header.md.j2", *(s.template for s in SECTIONS)]
    rows: list[Row] = []
    for path in PROFILES:
        text = path.read_text(encoding="utf-8")
        loaded = load_profile(path)
        for lang in loaded.profile.languages:
            ctx = policy_context(loaded, lang).__dict__  # built once: the floor times only the render
            templates = [environment(language_record(lang)).get_template(n) for n in names]

            def floor(text: str = text, ts: list[Any] = templates, c: Any = ctx) -> object:
                return yaml.load(text, Loader=yaml.CSafeLoader), [t.render(c) for t in ts]

            fns: dict[str, Callable[[], object]] = {"floor": floor}
            for fmt in FORMATS:

                def full(path: Path = path, lang: str = lang, fmt: str = fmt) -> str:
                    return render(load_profile(path), lang, fmt)

                fns[fmt] = full
            best = interleaved_minimums(fns, repeats)
            for fmt in FORMATS:
                rows.append(
                    {
                        "policy": f"{path.stem}.{lang}.{fmt}",
                        "floor_ms": best["floor"] * 1000,
                        "drafter_ms": best[fmt] * 1000,
                        "ratio": best[fmt] / best["floor"],
                    }
                )
    return rows


# -- batch --------------------------------------------------------------------------------


def generate_profiles(folder: Path, count: int, seed: int = 7) -> int:
    """``count`` varied, valid copies of the shipped profiles; returns how many use EDITED_VENDOR."""
    from drafter.errors import DrafterError
    from drafter.legal.load import load_profile
    from drafter.model.catalog import load_catalog
    from drafter.model.yaml_source import load_yaml

    catalog = load_catalog()
    rng = random.Random(seed)
    bases = [load_yaml(p).data for p in PROFILES]  # drafter's reading: 'NO' is Norway, not False
    using = 0
    for i in range(count):
        base = bases[i % len(bases)]
        for attempt in range(4):
            data = _vary(copy.deepcopy(base), i, rng, careful=attempt)
            target = folder / f"p{i:04d}.yaml"
            target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            try:
                load_profile(target, catalog=catalog)
                break
            except DrafterError:
                continue
        else:
            raise SystemExit(f"generated profile {target} does not validate")
        using += any(p.get("vendor") == EDITED_VENDOR for p in data.get("processors", []))
    return using


def _vary(data: dict[str, Any], i: int, rng: random.Random, careful: int) -> dict[str, Any]:
    """Names always; vendors, cookies and regimes less as ``careful`` grows (until it validates)."""
    suffix = f" {i:04d}"
    data["controller"]["legal_name"] += suffix
    data["service"]["name"] += suffix
    for purpose in data.get("purposes", []):
        desc = purpose.get("description")
        if isinstance(desc, dict) and rng.random() < 0.3:
            purpose["description"] = {k: f"{v} (variant {i})" for k, v in desc.items()}
    if careful >= 3:
        return data
    processors = data.get("processors", [])
    payment = next((p for p in processors if p.get("vendor") in ("stripe", EDITED_VENDOR)), None)
    if payment is not None:
        processors[:] = [p for p in processors if p.get("vendor") != EDITED_VENDOR]
        # About 10% of all profiles (2 in 3 have a payment vendor) use the vendor edited later.
        if rng.random() < 0.2:
            processors.append({"vendor": EDITED_VENDOR, "purposes": list(payment.get("purposes", []))})
    if careful >= 2:
        return data
    cookies = data.get("cookies", [])
    if rng.random() < 0.3:
        cookies[:] = [c for c in cookies if c.get("vendor") != "google-analytics"]
        processors[:] = [p for p in processors if p.get("vendor") != "google-analytics"] or processors
    if careful >= 1:
        return data
    regimes = data.setdefault("regimes", {})
    if rng.random() < 0.3:
        regimes["caloppa"] = True
    if rng.random() < 0.2:
        regimes["uk_gdpr"] = True
    return data


def measured_run(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall time, peak RSS of the command's processes (MB) and stdout's last line.

    The command runs under a small wrapper process whose RUSAGE_CHILDREN counts only it
    (and its own children, the worker processes), so each step is measured on its own.
    """
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)\n"
        "t = time.perf_counter() - t\n"
        "if r.returncode not in (0, 1):\n"
        "    sys.stderr.write(r.stderr); sys.exit(r.returncode)\n"
        "last = (r.stdout.strip().splitlines() or [''])[-1]\n"
        "print(t); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); print(last)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *command], cwd=cwd, capture_output=True, text=True, check=True
    )
    wall, rss_kb, last = done.stdout.splitlines()[:3]
    return float(wall), int(rss_kb) / 1024, last


def _count(total_line: str, status: str) -> int:
    found = re.search(rf"(\d+) {status}", total_line)
    return int(found.group(1)) if found else 0


def batch(count: int) -> dict[str, Any]:
    drafter = str(Path(sys.executable).with_name("drafter"))
    with tempfile.TemporaryDirectory(prefix="drafter-bench-") as tmp:
        work = Path(tmp)
        profiles, out, vendors = work / "profiles", work / "out", work / "vendors"
        profiles.mkdir()
        vendors.mkdir()
        using = generate_profiles(profiles, count)
        edited = yaml.safe_load((ROOT / "drafter/data/vendors" / f"{EDITED_VENDOR}.yaml").read_text())
        edited["entities"]["eea"]["name"] = "PayPal Europe (renamed) S.à r.l."
        (vendors / f"{EDITED_VENDOR}.yaml").write_text(yaml.safe_dump(edited, allow_unicode=True))
        base = [drafter, "regenerate", str(profiles), "--out", str(out)]
        base += ["--lang", "en,fr", "--format", ",".join(BATCH_FORMATS), "--today", TODAY]
        steps = {}
        for name, extra in (("first", []), ("unchanged", []), ("vendor_edit", ["--vendors", str(vendors)])):
            wall, peak, total = measured_run([*base, *extra], work)
            steps[name] = {
                "wall_s": wall,
                "peak_mb": peak,
                "new": _count(total, "new"),
                "updated": _count(total, "updated"),
                "unchanged": _count(total, "unchanged"),
                "total_line": total,
            }
    return {
        "profiles": count,
        "profiles_using_edited_vendor": using,
        "cpus": os.cpu_count(),
        "steps": steps,
        "second_run_ratio": steps["unchanged"]["wall_s"] / steps["first"]["wall_s"],
        "peak_mb": max(s["peak_mb"] for s in steps.values()),
    }


# -- PDF side by side -----------------------------------------------------------------


def pdf_side_by_side(count: int) -> dict[str, Any]:
    """``count`` PDFs of the shipped policies printed twice: by drafter in one new process
    (one browser for all of them, its start and Python's included) and by one ``chromium
    --print-to-pdf`` process per file, as drafter printed until 0.1's issue 23."""
    from drafter.legal.load import load_profile
    from drafter.render.formats import render
    from drafter.render.pdf import HEADLESS_FLAGS, PAGE_CSS, require_chromium

    browser = require_chromium()
    pages = [
        render(loaded, lang, "html")
        for loaded in map(load_profile, PROFILES)
        for lang in loaded.profile.languages
    ]
    page_css = f"<style>@page {{ size: {PAGE_CSS['a4']}; margin: 18mm 16mm; }}</style>"
    script = (
        "import datetime as dt, pathlib, sys\n"
        "from drafter.render.pdf import html_to_pdf\n"
        "for name in sys.argv[1:]:\n"
        "    page = pathlib.Path(name)\n"
        "    pdf = html_to_pdf(page.read_text(), 'a4', dt.date(2026, 12, 1))\n"
        "    page.with_suffix('.pdf').write_bytes(pdf)\n"
    )
    with tempfile.TemporaryDirectory(prefix="drafter-pdf-bench-") as tmp:
        work = Path(tmp)
        sources = [work / f"page{i:03d}.html" for i in range(count)]
        for i, source in enumerate(sources):
            source.write_text(pages[i % len(pages)], encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", script, *map(str, sources)], cwd=ROOT, check=True)
        one_browser = time.perf_counter() - start
        # The same pages with the same @page rule drafter adds, one browser process each.
        start = time.perf_counter()
        for i, source in enumerate(sources):
            old = work / f"old{i:03d}.html"
            old.write_text(source.read_text(encoding="utf-8").replace("</head>", page_css + "</head>", 1))
            command = [browser, *HEADLESS_FLAGS, "--no-pdf-header-footer"]
            command += [
                f"--user-data-dir={work / 'profiles' / str(i)}",
                f"--print-to-pdf={old.with_suffix('.pdf')}",
            ]
            subprocess.run([*command, old.as_uri()], capture_output=True, check=True, timeout=120)
        per_file = time.perf_counter() - start
        printed = [p.with_suffix(".pdf") for p in sources]
        if not all(p.read_bytes().startswith(b"%PDF-") for p in printed):
            raise SystemExit("the one-browser run did not print every PDF")
        if not all((work / f"old{i:03d}.pdf").is_file() for i in range(count)):
            raise SystemExit("the one-Chromium-per-file run did not print every PDF")
    return {
        "pdfs": count,
        "one_browser_s": one_browser,
        "one_chromium_per_file_s": per_file,
        "speedup": per_file / one_browser,
    }


# -- cold start ---------------------------------------------------------------------------


def cold_start(runs: int) -> dict[str, Any]:
    drafter = str(Path(sys.executable).with_name("drafter"))
    example = str(ROOT / "profiles" / "example.yaml")
    commands = {
        # `import pydantic` alone loads almost nothing; any model needs pydantic.main: the
        # least a tool that validates with Pydantic must import (the target's reference).
        BASEMODEL: [sys.executable, "-c", "from pydantic import BaseModel"],
        BARE_IMPORT: [sys.executable, "-c", "import jinja2, yaml, pydantic"],
        "python -c 'import jinja2, yaml, babel.dates; from pydantic import BaseModel'": [
            sys.executable,
            "-c",
            "import jinja2, yaml, babel.dates; from pydantic import BaseModel",
        ],
        "drafter --help": [drafter, "--help"],
        RENDER: [drafter, "render", example],
        "drafter render (template cache off)": [drafter, "render", example],
        "drafter validate profiles/example.yaml": [drafter, "validate", example],
    }
    # Byte-compiled modules, as an installed wheel has them: the dropped first round writes
    # them even where the environment says not to (an editable install compiles nothing).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    no_cache = {**env, "DRAFTER_NO_CACHE": "1"}
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(runs + 1):  # the first round warms the file cache and is dropped
        for name, command in commands.items():  # commands take turns, as in per_policy
            start = time.perf_counter()
            subprocess.run(
                command,
                cwd=ROOT,
                capture_output=True,
                check=True,
                env=no_cache if "cache off" in name else env,
            )
            if round_:
                samples[name].append(time.perf_counter() - start)
    times = {name: statistics.median(values) for name, values in samples.items()}
    return {
        "median_s": times,
        "ratio_to_basemodel": {k: v / times[BASEMODEL] for k, v in times.items()},
        "render_imports_ms": _render_imports(example),
        "wizard_modules_imported": {
            "drafter --help": _imported(["--help"]),
            "drafter render": _imported(["render", example]),
        },
    }


def _render_imports(example: str) -> dict[str, float]:
    """Where ``drafter render``'s imports go: cumulative ms of the top-level packages, by
    ``python -X importtime`` (its own overhead included, so only the shares are meaningful)."""
    code = f"import sys; from drafter.cli import main; sys.argv = ['drafter', 'render', {example!r}]; main()"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], cwd=ROOT, capture_output=True, text=True
    )
    totals: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if "|" not in line or "self [us]" in line:
            continue
        own, _, name = line.split(":", 1)[1].split("|")
        package = name.strip().split(".")[0]
        totals[package] = totals.get(package, 0.0) + int(own) / 1000
    return dict(sorted(totals.items(), key=lambda kv: -kv[1])[:10])


def _imported(argv: list[str]) -> list[str]:
    """Which wizard-only top-level modules the command imports (by ``python -X importtime``)."""
    code = f"import sys; from drafter.cli import main; sys.argv = ['drafter', *{argv!r}]; main()"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], cwd=ROOT, capture_output=True, text=True
    )
    names = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
    return sorted(names & set(WIZARD_MODULES))


# -- report -------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def table(results: dict[str, Any]) -> str:
    lines = ["## Per policy (min of repeats, warm process)", ""]
    lines += ["| policy | floor ms | drafter ms | drafter/floor |", "| --- | ---: | ---: | ---: |"]
    rows = results["per_policy"]
    for row in rows:
        lines.append(
            f"| {row['policy']} | {row['floor_ms']:.2f} | {row['drafter_ms']:.2f} | {row['ratio']:.2f} |"
        )
    for fmt in FORMATS:
        ratios = [r["ratio"] for r in rows if r["policy"].endswith(f".{fmt}")]
        lines.append(f"| median {fmt} | | | {statistics.median(ratios):.2f} |")
    b = results["batch"]
    lines += [
        "",
        f"## Batch: {b['profiles']} profiles x en,fr x {','.join(BATCH_FORMATS)} ({b['cpus']} CPUs)",
        "",
    ]
    lines += [
        "| run | wall s | new | updated | unchanged | peak MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, s in b["steps"].items():
        counts = f"{s['new']} | {s['updated']} | {s['unchanged']}"
        lines.append(f"| {name} | {s['wall_s']:.2f} | {counts} | {s['peak_mb']:.0f} |")
    lines.append(
        f"\nprofiles using the edited vendor ({EDITED_VENDOR}): {b['profiles_using_edited_vendor']}; "
        f"second run / first run: {b['second_run_ratio']:.2f}"
    )
    d = results["pdf"]
    lines += [
        "",
        f"## PDF: {d['pdfs']} PDFs side by side",
        "",
        "| how | wall s | s per PDF |",
        "| --- | ---: | ---: |",
        f"| drafter, one browser in one process | {d['one_browser_s']:.2f} "
        f"| {d['one_browser_s'] / d['pdfs']:.3f} |",
        f"| one `chromium --print-to-pdf` per file | {d['one_chromium_per_file_s']:.2f} "
        f"| {d['one_chromium_per_file_s'] / d['pdfs']:.3f} |",
        f"\nspeed-up: {d['speedup']:.1f}x",
    ]
    c = results["cold_start"]
    lines += [
        "",
        "## Cold start (median)",
        "",
        "| command | median s | x BaseModel |",
        "| --- | ---: | ---: |",
    ]
    for name, t in c["median_s"].items():
        lines.append(f"| `{name}` | {t:.3f} | {c['ratio_to_basemodel'][name]:.2f} |")
    for name, mods in c["wizard_modules_imported"].items():
        shown = "yes: " + ", ".join(mods) if mods else "no"
        lines.append(f"| `{name}` imports questionary/prompt_toolkit/ruamel | {shown} | |")
    lines += ["", "`drafter render`'s imports, self time by top-level package (`-X importtime`, ms):", ""]
    lines.append(", ".join(f"{name} {ms:.0f}" for name, ms in c["render_imports_ms"].items()))
    lines += ["", "## Targets", "", "| target | value | |", "| --- | ---: | --- |"]
    for name, value, ok in results["targets"]:
        lines.append(f"| {name} | {value} | {verdict(ok)} |")
    return "\n".join(lines)


def targets(results: dict[str, Any]) -> list[tuple[str, str, bool]]:
    rows = results["per_policy"]
    b, c, d = results["batch"], results["cold_start"], results["pdf"]

    def of(fmt: str) -> list[float]:
        return [r["ratio"] for r in rows if r["policy"].endswith(f".{fmt}")]

    render_ratio = c["ratio_to_basemodel"][RENDER]
    wizard = any(c["wizard_modules_imported"].values())
    per_format = [
        (f"{fmt}: drafter/floor <= {TARGET_POLICY_RATIO} ({which})", value(of(fmt)))
        for fmt in FORMATS
        for which, value in (("median", statistics.median), ("worst", max))
    ]
    return [
        *((name, f"{ratio:.2f}", ratio <= TARGET_POLICY_RATIO) for name, ratio in per_format),
        (
            "second run <= 20% of first",
            f"{b['second_run_ratio']:.0%}",
            b["second_run_ratio"] <= TARGET_SECOND_RUN,
        ),
        (
            f"batch peak memory <= {TARGET_PEAK_MB:.0f} MB",
            f"{b['peak_mb']:.0f} MB",
            b["peak_mb"] <= TARGET_PEAK_MB,
        ),
        (
            f"{d['pdfs']} PDFs: one browser >= {TARGET_PDF_SPEEDUP:.0f}x faster than one Chromium per file",
            f"{d['speedup']:.1f}x",
            d["speedup"] >= TARGET_PDF_SPEEDUP,
        ),
        (
            f"cold render <= {TARGET_COLD_RATIO}x `from pydantic import BaseModel`",
            f"{render_ratio:.2f}x",
            render_ratio <= TARGET_COLD_RATIO,
        ),
        ("--help and render import no wizard module", "none" if not wizard else "some", not wizard),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 profiles in the batch, fewer repeats")
    parser.add_argument("--json", default=str(ROOT / "benchmarks" / "results.json"), metavar="FILE")
    args = parser.parse_args()
    if not hasattr(yaml, "CSafeLoader"):
        raise SystemExit("PyYAML is built without libyaml: the floor needs yaml.CSafeLoader")
    if shutil.which("drafter", path=str(Path(sys.executable).parent)) is None:
        raise SystemExit("run with the python of a venv where drafter is installed")
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    results: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "quick": args.quick,
    }
    print("per policy ...", file=sys.stderr)
    results["per_policy"] = per_policy(repeats=10 if args.quick else 50)
    print("batch ...", file=sys.stderr)
    results["batch"] = batch(100 if args.quick else 1000)
    print("pdf ...", file=sys.stderr)
    results["pdf"] = pdf_side_by_side(PDF_COUNT)
    print("cold start ...", file=sys.stderr)
    results["cold_start"] = cold_start(runs=5 if args.quick else 7)
    results["targets"] = targets(results)
    print(table(results))
    Path(args.json).write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nwrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
