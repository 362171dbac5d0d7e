"""The wizard's interface language (English or French), through gettext catalogs.

Questions are declared as data at import time, so their texts are only marked there with
:func:`N_`; the engine translates them with :func:`tr` when it shows them. Messages composed
at run time are written ``tr("Keep {title}?").format(title=...)``.

The catalogs are ``locale/<lang>/LC_MESSAGES/drafter.po`` beside this module (domain
``drafter``); English is the source language and has none. The package build compiles each
``.po`` to a ``.mo`` with :func:`compile_po` (``setup.py`` loads this file on its own, so it
imports nothing of drafter's at module level). Run from a plain checkout, or with a ``.mo``
compiled from another version of its ``.po``, the ``.po`` is compiled in memory with Babel
instead: French asked for is never shown in English while its ``.po`` is there.
docs/translating.md has the workflow.
"""

from __future__ import annotations

import gettext
import hashlib
import io
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "drafter"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "fr")
SOURCE_LANGUAGE = "en"

_current: gettext.NullTranslations = gettext.NullTranslations()
_current_lang = SOURCE_LANGUAGE
_loaded: dict[str, gettext.NullTranslations] = {}
_SOURCE = ("drafter:catalog-source", "sha256")  # context and message of the .po's digest


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated when shown."""
    return message


def tr(message: str) -> str:
    """The message in the interface language (the English message when it has no translation)."""
    return _current.gettext(message) if message else message


def ntr(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def current() -> str:
    """The interface language in use: ``"en"`` or ``"fr"``."""
    return _current_lang


def use(lang: str) -> None:
    """Show the wizard in ``lang`` (``"en"`` or ``"fr"``) from now on.

    A catalog that cannot be read is said once on standard error and the wizard goes on
    in English: a missing translation is no reason to refuse to run.
    """
    global _current, _current_lang
    if lang not in LANGUAGES:
        raise ValueError(f"no interface language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    if lang not in _loaded:
        _loaded[lang] = gettext.NullTranslations() if lang == SOURCE_LANGUAGE else _load(lang)
    _current, _current_lang = _loaded[lang], lang


def _load(lang: str) -> gettext.NullTranslations:
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    problems: list[str] = []
    po_text: bytes | None = None
    if po.is_file():
        try:
            po_text = po.read_bytes()
        except OSError as exc:
            problems.append(f"{po.name}: {exc.strerror}")
    else:
        problems.append(f"{po.name} is missing")
    if mo.is_file():
        try:
            with mo.open("rb") as stream:
                compiled = gettext.GNUTranslations(stream)
        except Exception as exc:  # a truncated or foreign file: OSError, struct.error, ...
            problems.append(f"{mo.name}: {exc}")
        else:
            if po_text is None or compiled.pgettext(*_SOURCE) == _digest(po_text):
                return compiled
    if po_text is not None:
        try:
            return gettext.GNUTranslations(io.BytesIO(compile_po(po_text)))
        except Exception as exc:  # Babel's parse errors (PoFileError, ValueError, ...)
            problems.append(f"{po.name}: {exc}")
    from drafter.console import say

    say(f"drafter: the {lang} interface catalog cannot be read ({'; '.join(problems)}); in English")
    return gettext.NullTranslations()


def _digest(po_text: bytes) -> str:
    return hashlib.sha256(po_text).hexdigest()


def compile_po(po_text: bytes) -> bytes:
    """A ``.po`` file compiled to ``.mo`` bytes, fuzzy entries left out (as ``pybabel compile``).

    The ``.mo`` also holds the digest of its ``.po`` (under a context no message uses), so
    a ``.mo`` left from an older ``.po`` is known as such. File times cannot tell: an
    install writes both files at once, in no set order.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po_text), abort_invalid=True)
    catalog.add(_SOURCE[1], _digest(po_text), context=_SOURCE[0])
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def ui_language(flag: str | None, environ: Mapping[str, str]) -> str:
    """The interface language: ``--ui`` if given, else the locale's, else English.

    The locale is the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set and not
    empty (``fr_FR.UTF-8``, ``fr_BE``, ``fr`` all mean French). As in GNU gettext, the
    priority list ``LANGUAGE`` (``fr_CA:en``) comes before them, except when the locale is
    ``C`` or ``POSIX`` (or unset, which is ``C``): its first entry that is English or French
    wins. Any other language is English.
    """
    if flag:
        return _language_of(flag) or SOURCE_LANGUAGE
    locale = next((environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(name)), "C")
    if _base(locale) not in ("c", "posix"):
        for entry in environ.get("LANGUAGE", "").split(":"):
            lang = _language_of(entry)
            if lang is not None:
                return lang
    return _language_of(locale) or SOURCE_LANGUAGE


def _base(locale: str) -> str:
    """``fr_FR.UTF-8@euro`` -> ``fr``."""
    for separator in ".@_-":
        locale = locale.split(separator, 1)[0]
    return locale.strip().lower()


def _language_of(locale: str) -> str | None:
    base = _base(locale)
    return base if base in LANGUAGES else None
