"""The wizard's interface language: the French catalog covers every message of the source,
the language is chosen by --ui or the locale, and the catalogs are compiled by the build or,
without a build, in memory.

The messages are extracted with the very ``pybabel extract`` command docs/translating.md
gives, so the test and the translators' workflow cannot drift apart.
"""

from __future__ import annotations

import ast
import datetime as dt
import gettext
import io
import os
import re
import shlex
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from drafter.wizard import i18n

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "translating.md"
POT = ROOT / "drafter" / "wizard" / "locale" / "drafter.pot"
FR_PO = ROOT / "drafter" / "wizard" / "locale" / "fr" / "LC_MESSAGES" / "drafter.po"

MessageId = str | tuple[str, ...]


def _key(message: Message) -> MessageId:
    return message.id if isinstance(message.id, str) else tuple(message.id)


def _read(path: Path) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, abort_invalid=True)


def _messages(catalog: Catalog) -> dict[MessageId, Message]:
    return {_key(m): m for m in catalog if m.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[MessageId, Message]:
    """The messages of the current source, by the documented extraction command."""
    lines = [line.strip() for line in DOC.read_text(encoding="utf-8").splitlines()]
    command = next((line for line in lines if "pybabel extract " in line), None)
    assert command is not None, f"{DOC.name} gives no 'pybabel extract' command"
    args = shlex.split(command)
    args = args[args.index("extract") :]
    out = tmp_path_factory.mktemp("extract") / "drafter.pot"
    args[args.index("-o") + 1] = str(out)
    result = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    messages = _messages(_read(out))
    assert messages, "the extraction found no message at all"
    return messages


@pytest.fixture(scope="module")
def french() -> Catalog:
    return _read(FR_PO)


@pytest.fixture
def english_after() -> Iterator[None]:
    yield
    i18n.use("en")


def _shown(ids: list[MessageId]) -> str:
    return "\n  ".join(repr(i) for i in ids)


def _a_translation(catalog: Catalog) -> tuple[str, str]:
    """One message of the catalog and its translation, different from it."""
    return next(
        (m.id, m.string)
        for m in catalog
        if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string not in ("", m.id)
    )


def _forms(message: Message) -> list[str]:
    if isinstance(message.string, (list, tuple)):
        return [form or "" for form in message.string]
    return [message.string or ""]


def test_every_message_has_a_french_translation(extracted: dict[MessageId, Message], french: Catalog) -> None:
    translated = _messages(french)
    missing = [
        key
        for key in extracted
        if key not in translated or translated[key].fuzzy or not all(_forms(translated[key]))
    ]
    assert not missing, (
        f"{len(missing)} message(s) with no French translation (absent, empty or fuzzy) in "
        f"{FR_PO.relative_to(ROOT)}; see docs/translating.md:\n  {_shown(missing)}"
    )
    assert french.num_plurals == 2, "French has two plural forms: 'nplurals=2; plural=(n > 1);'"


def _fields(text: str) -> set[str]:
    """The ``{name!conversion:spec}`` fields of a str.format text (ValueError when malformed)."""
    found = set()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            found.add(
                "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            )
    return found


def test_translations_keep_the_fields_of_the_english(french: Catalog) -> None:
    wrong = []
    for message in french:
        if not message.id or not message.string:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        allowed = [_fields(text) for text in ids]
        for form in _forms(message):
            try:
                fields = _fields(form)
            except ValueError as exc:
                wrong.append(f"{form!r}: {exc}")
                continue
            if form and fields not in allowed:
                wrong.append(f"{form!r} has {sorted(fields)}, the English {sorted(allowed[0])}")
    assert not wrong, "translations whose {fields} differ from the English:\n  " + "\n  ".join(wrong)


def test_catalogs_hold_no_message_the_source_no_longer_has(
    extracted: dict[MessageId, Message], french: Catalog
) -> None:
    """A message gone from the source must go from the catalogs too (``pybabel update
    --ignore-obsolete``): a stale entry is a translation nobody checks any more."""
    template = _messages(_read(POT))
    stale = {
        POT.name: [key for key in template if key not in extracted],
        f"{FR_PO.name} (active)": [key for key in _messages(french) if key not in extracted],
        f"{FR_PO.name} (#~ obsolete)": [_key(m) for m in french.obsolete.values()],
    }
    behind = [key for key in extracted if key not in template]
    problems = {name: ids for name, ids in stale.items() if ids}
    assert not problems, "messages the source no longer has (run pybabel extract and update):\n" + "\n".join(
        f"{name}:\n  {_shown(ids)}" for name, ids in problems.items()
    )
    assert not behind, f"{POT.name} lacks messages of the source (run pybabel extract):\n  {_shown(behind)}"


_FIELD = re.compile(r"\{[^{}]*\}")
_THIN_SPACES = "\u00a0\u202f"  # as templates/fr/: U+00A0 before ':' and inside « », U+202F before ; ? !


def _typography_faults(text: str) -> list[str]:
    text = _FIELD.sub("X", text)  # {every!r} is not an exclamation mark
    faults = []
    for i, char in enumerate(text):
        before, after = text[i - 1 : i], text[i + 1 : i + 2]
        if char in ";?!" and before not in _THIN_SPACES:
            faults.append(f"no non-breaking space before {char!r}")
        elif char == ":" and after in ("", " ") and before not in _THIN_SPACES:
            faults.append("no non-breaking space before ':'")
        elif (char == "«" and after not in _THIN_SPACES) or (char == "»" and before not in _THIN_SPACES):
            faults.append(f"no non-breaking space inside {char!r}")
    return faults


# Messages whose translation quotes syntax that must stay as it is (YAML's "key: value").
_LITERAL_SYNTAX = {"must be a mapping of fields (key: value lines)"}


def test_french_follows_french_typography(french: Catalog) -> None:
    wrong = [
        f"{form!r}: {', '.join(dict.fromkeys(faults))}"
        for message in french
        if message.id and message.id not in _LITERAL_SYNTAX
        for form in _forms(message)
        if (faults := _typography_faults(form))
    ]
    assert not wrong, "French typography (docs/translating.md, step 3):\n  " + "\n  ".join(wrong)


def _calls(tree: ast.AST) -> Iterator[tuple[str, ast.Call]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            if name in ("tr", "N_", "ntr"):
                yield name, node


def test_marked_messages_can_be_extracted() -> None:
    """An f-string, a concatenation or a ``.format()`` inside ``tr()`` is not extracted, so
    it would never be translated, silently. ``N_`` and ``ntr`` take literal texts only."""
    bad = []
    for path in sorted((ROOT / "drafter").rglob("*.py")):
        for name, call in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            texts = call.args[:2] if name == "ntr" else call.args[:1]
            for arg in texts:
                literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                if name in ("N_", "ntr") and not literal:
                    bad.append(f"{path.relative_to(ROOT)}:{call.lineno}: {name}() of a non-literal")
                elif isinstance(arg, (ast.JoinedStr, ast.BinOp)) or (
                    isinstance(arg, ast.Call)
                    and isinstance(arg.func, ast.Attribute)
                    and arg.func.attr == "format"
                ):
                    bad.append(f"{path.relative_to(ROOT)}:{call.lineno}: {name}() of a text built in place")
    assert not bad, "messages the extraction cannot see:\n  " + "\n  ".join(bad)


def test_every_literal_marked_in_the_source_is_extracted(extracted: dict[MessageId, Message]) -> None:
    """A marked literal the extractor misses (one inside an f-string's braces, say) would
    stay English in the French interface, with no test noticing."""
    missed = []
    for path in sorted((ROOT / "drafter").rglob("*.py")):
        for name, call in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            texts = call.args[:2] if name == "ntr" else call.args[:1]
            values = [a.value for a in texts if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if len(values) != len(texts) or not values or not values[0]:
                continue
            key: MessageId = values[0] if name != "ntr" else tuple(values)
            if key not in extracted:
                missed.append(f"{path.relative_to(ROOT)}:{call.lineno}: {values[0]!r}")
    assert not missed, "marked but not extracted (keep tr() out of f-strings):\n  " + "\n  ".join(missed)


@pytest.mark.parametrize(
    ("flag", "environ", "expected"),
    [
        ("en", {"LC_ALL": "fr_FR.UTF-8"}, "en"),  # the flag beats the environment
        ("fr", {"LC_ALL": "en_GB.UTF-8", "LANG": "en_GB.UTF-8"}, "fr"),
        ("fr", {}, "fr"),
        (None, {"LC_ALL": "fr_FR.UTF-8", "LC_MESSAGES": "en_GB.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),
        (None, {"LC_ALL": "en_GB.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
        (None, {"LC_ALL": "", "LC_MESSAGES": "fr_BE", "LANG": "en_US.UTF-8"}, "fr"),  # empty: unset
        (None, {"LC_MESSAGES": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
        (None, {"LANG": "fr_FR.UTF-8"}, "fr"),
        (None, {"LANG": "fr_BE"}, "fr"),
        (None, {"LANG": "fr"}, "fr"),
        (None, {"LANG": "fr_CA.utf8@euro"}, "fr"),
        (None, {"LANG": "de_DE.UTF-8"}, "en"),
        (None, {"LANG": "C"}, "en"),
        (None, {"LANG": "C.UTF-8"}, "en"),
        (None, {"LC_ALL": "POSIX", "LANG": "fr_FR.UTF-8"}, "en"),
        (None, {"LANG": ""}, "en"),
        (None, {}, "en"),
        # GNU's LANGUAGE list comes first, but not under the C locale (nor with none set).
        (None, {"LANGUAGE": "fr:en", "LANG": "en_GB.UTF-8"}, "fr"),
        (None, {"LANGUAGE": "de_DE:fr_CA", "LANG": "en_GB.UTF-8"}, "fr"),
        (None, {"LANGUAGE": "en", "LC_ALL": "fr_FR.UTF-8"}, "en"),
        (None, {"LANGUAGE": "de", "LANG": "fr_FR.UTF-8"}, "fr"),  # nothing known in it: the locale
        (None, {"LANGUAGE": "fr", "LANG": "C"}, "en"),
        (None, {"LANGUAGE": "fr"}, "en"),
    ],
)
def test_ui_language(flag: str | None, environ: dict[str, str], expected: str) -> None:
    assert i18n.ui_language(flag, environ) == expected


def test_use_switches_the_language(french: Catalog, english_after: None) -> None:
    entries = [m for m in french if m.id and not m.fuzzy and all(_forms(m))]
    assert entries
    i18n.use("fr")
    assert i18n.current() == "fr"
    wrong = []
    for m in entries:
        if isinstance(m.id, str):
            if i18n.tr(m.id) != m.string:
                wrong.append(m.id)
        else:
            singular, plural = m.id[0], m.id[1]
            forms = _forms(m)
            # French: 0 and 1 take the first form, 2 and more the second.
            if [i18n.ntr(singular, plural, n) for n in (0, 1, 2, 7)] != [
                forms[0],
                forms[0],
                forms[1],
                forms[1],
            ]:
                wrong.append(singular)
    assert not wrong, f"shown untranslated in French: {wrong}"
    message, _translation = _a_translation(french)
    i18n.use("en")
    assert i18n.current() == "en"
    assert i18n.tr(message) == message
    assert i18n.ntr("{n} purpose", "{n} purposes", 1) == "{n} purpose"
    with pytest.raises(ValueError):
        i18n.use("de")


def _locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty locale folder in place of the package's, with nothing loaded yet."""
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(i18n, "_loaded", {})
    return folder


def _po(text: str) -> bytes:
    day = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    catalog = Catalog(locale="fr", creation_date=day, revision_date=day)
    catalog.add("Save the profile as", text)
    out = io.BytesIO()
    write_po(out, catalog)
    return out.getvalue()


def _mo(text: str) -> bytes:
    return i18n.compile_po(_po(text))


def test_without_a_compiled_catalog_the_po_is_compiled_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, english_after: None
) -> None:
    folder = _locale(tmp_path, monkeypatch)
    (folder / "drafter.po").write_bytes(FR_PO.read_bytes())
    message, translation = _a_translation(_read(FR_PO))
    i18n.use("fr")
    assert i18n.tr(message) == translation


def test_a_mo_of_another_po_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, english_after: None
) -> None:
    """A .mo left from an older .po (an editable install, then the .po edited or pulled)."""
    folder = _locale(tmp_path, monkeypatch)
    (folder / "drafter.po").write_bytes(_po("nouvelle traduction"))
    (folder / "drafter.mo").write_bytes(_mo("ancienne traduction"))
    i18n.use("fr")
    assert i18n.tr("Save the profile as") == "nouvelle traduction"


@pytest.mark.parametrize("with_po", [True, False])
def test_the_mo_of_this_po_is_used(
    with_po: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, english_after: None
) -> None:
    """Whatever the files' times: an install writes the .mo and the .po in no set order."""
    folder = _locale(tmp_path, monkeypatch)
    po = _po("traduction")
    (folder / "drafter.mo").write_bytes(i18n.compile_po(po) if with_po else _mo("seul le .mo"))
    if with_po:
        (folder / "drafter.po").write_bytes(po)
        os.utime(folder / "drafter.mo", (1_000_000_000, 1_000_000_000))  # older than the .po

    def no_compiling(po_text: bytes) -> bytes:
        raise AssertionError("the .po was compiled although its .mo is current")

    monkeypatch.setattr(i18n, "compile_po", no_compiling)
    i18n.use("fr")
    assert i18n.tr("Save the profile as") == ("traduction" if with_po else "seul le .mo")


@pytest.mark.parametrize("po", [None, b'msgid "unterminated\n', b"\xff\xfe garbage"])
def test_an_unreadable_catalog_says_so_and_goes_on_in_english(
    po: bytes | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    english_after: None,
) -> None:
    folder = _locale(tmp_path, monkeypatch)
    (folder / "drafter.mo").write_bytes(b"not a catalog")
    if po is not None:
        (folder / "drafter.po").write_bytes(po)
    i18n.use("fr")
    assert i18n.tr("Save the profile as") == "Save the profile as"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "fr interface catalog cannot be read" in err and "Traceback" not in err


def test_the_build_compiles_the_catalogs(tmp_path: Path) -> None:
    """What a wheel gets: setup.py's build_py writes each .mo into the build folder."""
    build = tmp_path / "lib"
    result = subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(build)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    locale = build / "drafter" / "wizard" / "locale"
    assert (locale / "drafter.pot").is_file() and (locale / "fr" / "LC_MESSAGES" / "drafter.po").is_file()
    with (locale / "fr" / "LC_MESSAGES" / "drafter.mo").open("rb") as stream:
        compiled = gettext.GNUTranslations(stream)
    message, translation = _a_translation(_read(FR_PO))
    assert compiled.gettext(message) == translation


def test_wizard_help_lists_ui() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "drafter", "wizard", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert "--ui {fr,en}" in result.stdout and "LC_MESSAGES" in result.stdout
