"""Standard output and error: the one place drafter's text is written to them.

Everything printed goes through :func:`drafter.errors.for_terminal`, so no name, path or
message can move the cursor, retitle the window or reverse a line. A document (a policy,
a schema, a record) sent to a pipe or a file is written as it is; on a terminal it is
escaped like the rest. A file name that is not UTF-8 (``caf\\xe9.yaml``) is shown with
its stray bytes escaped (``caf\\udce9.yaml``), as Python shows it on stderr.

Standard output that cannot take the text (closed, a full disk, an encoding without
``é``) is the environment's fault, not drafter's: :class:`GuardedStdout` turns each of
these into an :class:`OutputFault`, which the command line reports as one line, exit 2.
A broken pipe (``| head -1``) is left to the command line, which ends quietly.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any, TextIO

from drafter.errors import for_terminal


class OutputFault(Exception):
    """Standard output cannot take drafter's text; the message says what to do."""


class GuardedStdout:
    """``sys.stdout`` while a command runs: the same stream, with its faults made
    :class:`OutputFault` (``None`` is a closed stdout, as Python leaves it)."""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        stream = self._live()
        try:
            return stream.write(text)
        except UnicodeEncodeError:
            where = "the terminal's" if self.isatty() else "standard output's"
            raise OutputFault(
                f"{where} encoding ({stream.encoding}) cannot show this text; set "
                "PYTHONIOENCODING=utf-8 (or LANG=C.UTF-8), or write to a file with -o"
            ) from None
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _write_fault(exc) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _write_fault(exc) from None

    def isatty(self) -> bool:
        try:
            return self._stream is not None and self._stream.isatty()
        except (OSError, ValueError):
            return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._live(), name)

    def _live(self) -> TextIO:
        if self._stream is None:
            raise OutputFault("standard output is closed; send it to a file ('> FILE', or -o FILE)")
        return self._stream


def _write_fault(exc: OSError) -> OutputFault:
    reason = (exc.strerror or str(exc)).lower()
    return OutputFault(f"cannot write to standard output: {reason}")


def show(text: str) -> None:
    """A report (lines for people) on standard output, always escaped."""
    sys.stdout.write(_shown(text))
    sys.stdout.flush()


def show_document(text: str) -> None:
    """A document on standard output: as it is into a pipe or a file (where it is the
    file's content), escaped on a terminal (where it is read)."""
    sys.stdout.write(_shown(text) if sys.stdout.isatty() else text)
    sys.stdout.flush()


def say(text: str) -> None:
    """One message on standard error, escaped. With stderr closed or full there is
    nowhere left to tell; the exit status still says it."""
    if sys.stderr is None:  # print(file=None) would write to stdout instead
        return
    with contextlib.suppress(OSError):
        print(_shown(text), file=sys.stderr, flush=True)


def discard_stdout() -> None:
    """Point file 1 at /dev/null, so the flush at interpreter exit cannot fail again
    (Python would print "Exception ignored" and exit 120) after drafter has said why."""
    with contextlib.suppress(OutputFault, OSError, ValueError):  # closed, or not a file (tests)
        fd = sys.stdout.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)


def _shown(text: str) -> str:
    # Lone surrogates stand for the bytes of a file name that is not UTF-8; written as
    # they are, they either fail the write or reach the terminal as raw bytes.
    return for_terminal(text).encode("utf-8", "backslashreplace").decode("utf-8")
