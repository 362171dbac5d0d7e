"""Compiled templates kept between runs, so a new process does not compile them again.

Compiling the 20 templates of a language takes longer than everything else a single
``drafter render`` does. Jinja can keep the compiled code in a folder: drafter uses the
user's cache folder (``$XDG_CACHE_HOME/drafter`` or ``~/.cache/drafter``), or
``$DRAFTER_CACHE_DIR``; ``DRAFTER_NO_CACHE=1`` turns it off.

The cache is an optimisation only. A folder that cannot be made, is not private to the
user (the files hold code that is run), or cannot be written means no cache, silently;
an unreadable or damaged entry, or one that is not a regular file (a pipe would block
the read for ever), is compiled again. Without ``$XDG_CACHE_HOME``, a home folder that
does not exist (``HOME=/nonexistent`` for a service account) means no cache: drafter
does not create someone's home. An entry is used only for the same
template text, the same Jinja and Python versions, the same environment options and the
same extensions: the en-US environment compiles the same template text into American
English (:mod:`drafter.render.american`), so its entries are kept apart from en-GB's.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

# Options that change the compiled code without changing the template text.
_COMPILE_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "autoescape",
    "optimized",
)


class QuietBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache, where any failure to read or write an entry is a cache miss."""

    def load_bytecode(self, bucket: Bucket) -> None:
        # Opened without blocking and checked before reading: Jinja's own ``open`` waits
        # for ever on a pipe put where an entry should be.
        try:
            fd = os.open(self._get_cache_filename(bucket), os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            return
        with open(fd, "rb") as entry:
            try:
                if stat.S_ISREG(os.fstat(fd).st_mode):
                    bucket.load_bytecode(entry)
            except Exception:  # a damaged entry (Jinja lets some unpickling errors through)
                bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):  # full disk, read-only folder: compiled next time
            super().dump_bytecode(bucket)


def cache_folder() -> Path | None:
    """The folder for compiled templates, or None when caching is off."""
    if os.environ.get("DRAFTER_NO_CACHE"):
        return None
    named = os.environ.get("DRAFTER_CACHE_DIR")
    if named:
        return Path(named)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if not os.path.isdir(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "drafter"


def bytecode_cache(env: jinja2.Environment) -> QuietBytecodeCache | None:
    """A cache for ``env``'s compiled templates, or None if no private folder can be had."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    private = stat.S_ISDIR(info.st_mode) and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    if not private or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        return None
    finalize = env.finalize and f"{env.finalize.__module__}.{env.finalize.__qualname__}"  # compiled in
    # An extension may rewrite the template as it is compiled; its ``fingerprint`` says how.
    extensions = sorted(f"{key}:{getattr(ext, 'fingerprint', '')}" for key, ext in env.extensions.items())
    # A filter that takes the context (``pass_context``) is called differently in compiled code.
    passing = sorted(
        f"{kind}:{name}:{getattr(fn, 'jinja_pass_arg', '')}"
        for kind, table in (("filter", env.filters), ("test", env.tests))
        for name, fn in table.items()
    )
    options = repr(
        [
            jinja2.__version__,
            finalize,
            extensions,
            passing,
            *(getattr(env, name) for name in _COMPILE_OPTIONS),
        ]
    )
    fingerprint = hashlib.sha256(options.encode()).hexdigest()[:16]
    return QuietBytecodeCache(str(folder), pattern=f"template-{fingerprint}-%s.cache")
