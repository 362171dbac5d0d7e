"""One headless Chromium per process, driven by Playwright's sync API, for PDFs.

Starting Chromium is most of what a PDF used to cost, so a process starts one browser
on its first PDF (:func:`print_pdf`) and prints every later one through it, in the same
page (``set_content`` gives it a new document each time; a page that failed is closed,
the next PDF opens another). Playwright is imported here only, and this module only on
the PDF path.

Processes. Playwright runs a driver (Node.js) as a child of this process; the driver
starts Chromium in a session of its own, where Chromium's helpers (zygotes, renderers,
GPU) stay. The driver is told not to act on SIGINT, SIGTERM or SIGHUP: Ctrl-C reaches
the whole terminal group, and it is drafter's to handle (``regenerate`` lets the
profiles being written finish). A browser belongs to the process that started it: a
process forked from one that had a browser (``regenerate``'s worker processes) starts
its own, and keeps the inherited objects unused (no finalizer of theirs may talk to the
parent's driver). Each process closes its browser and driver when it exits (``atexit``,
and multiprocessing's finalizers for worker processes, which end with ``os._exit``),
quietly.

Time limits. Starting, each print and closing have ``timeout`` seconds each:
Playwright's own timeouts on the launch and on loading the page, and a watchdog
(``page.pdf`` has no timeout of its own) that kills the browser's process group and
session once the step is late, and the driver too if it still has not answered
``DRIVER_GRACE`` seconds later. A step that ran out of time raises
:class:`BrowserError` with ``hung`` set, after everything it ran is killed.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import os
import re
import shutil
import signal
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

launches = 0  # browsers started by this process and its parents (the tests count them)
_current: Session | None = None
_inherited: list[Session] = []  # a forked parent's: kept, never used
_closing_at_exit = False  # atexit's list, like this, is inherited across fork
_finalized_in: set[int] = set()  # processes with a multiprocessing finalizer that closes
DRIVER_GRACE = 5.0  # seconds for the driver to fail the calls once the browser is killed
_FIX = "set DRAFTER_CHROMIUM to the browser's program (e.g. /usr/bin/chromium)"


class BrowserError(Exception):
    """The browser could not start or print; ``message`` says why in one line."""

    def __init__(self, message: str, *, hung: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.hung = hung  # ran out of time: everything it ran has been killed


def print_pdf(
    program: str, html: str, *, args: Sequence[str], options: Mapping[str, Any], timeout: float
) -> bytes:
    """``html`` printed to PDF with ``page.pdf(**options)`` by this process's browser.

    The browser is started on the first call (or anew when ``program`` changed or the
    last one died), with ``args`` on its command line.
    """
    return _session(program, args, timeout).print(html, options, timeout)


def _session(program: str, args: Sequence[str], timeout: float) -> Session:
    global _current
    if _current is not None and _current.owner != os.getpid():
        _inherited.append(_current)  # the parent's, across a fork
        _current = None
    if _current is not None and (_current.program != program or not _current.usable()):
        _current.close()
        _current = None
    if _current is None:
        _current = Session.start(program, args, timeout)
    return _current


class Session:
    """Playwright, its driver and one Chromium, owned by the process that started them."""

    def __init__(self, program: str, timeout: float) -> None:
        self.program = program
        self.timeout = timeout
        self.owner = os.getpid()
        self.playwright: Playwright | None = None
        self.browser: Browser | None = None
        self.driver_pid: int | None = None
        self.browser_pid: int | None = None
        self.profile: Path | None = None  # Playwright's profile folder for the browser
        self.page: Page | None = None  # the page every PDF is printed in, in turn
        self.dead = False  # killed, crashed or closed: never used again
        self._children_before = set(_children(self.owner))

    @classmethod
    def start(cls, program: str, args: Sequence[str], timeout: float) -> Session:
        global launches
        _refuse_what_cannot_be_executed(program)
        from playwright.sync_api import Error, sync_playwright
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        session = cls(program, timeout)
        launches += 1
        _close_at_exit_of_this_process()
        try:
            with _Watchdog(timeout, session) as dog:
                try:
                    session.playwright = sync_playwright().start()
                    session.driver_pid = session._driver()
                    session.browser = session.playwright.chromium.launch(
                        executable_path=program,
                        args=list(args),
                        timeout=timeout * 1000,
                        handle_sigint=False,
                        handle_sigterm=False,
                        handle_sighup=False,
                    )
                except Exception as exc:
                    session.kill_browser()
                    if dog.fired or isinstance(exc, PlaywrightTimeout):
                        raise BrowserError(f"did not start within {timeout:g} s; {_FIX}", hung=True) from None
                    if not isinstance(exc, Error):
                        raise
                    raise BrowserError(_launch_failure(str(exc))) from None
        except BaseException:
            session.close()
            raise
        if session.driver_pid is not None:
            session.browser_pid = next(iter(_children(session.driver_pid)), None)
        if session.browser_pid is not None:
            session.profile = _profile_folder(_cmdline(session.browser_pid))
        return session

    def usable(self) -> bool:
        return not self.dead and self.browser is not None and self.browser.is_connected()

    def print(self, html: str, options: Mapping[str, Any], timeout: float) -> bytes:
        from playwright.sync_api import Error
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        assert self.browser is not None
        with _Watchdog(timeout, self) as dog:
            try:
                if self.page is None:
                    self.page = self.browser.new_page()
                self.page.set_content(html, timeout=timeout * 1000)  # a new document
                data = self.page.pdf(**options)
            except Exception as exc:
                if dog.fired or isinstance(exc, PlaywrightTimeout):
                    self.kill_browser()
                    self.close(timeout)
                    raise BrowserError(f"did not print the PDF within {timeout:g} s", hung=True) from None
                self._drop_page()
                if not isinstance(exc, Error):
                    raise
                if not self.usable():
                    self.close(timeout)
                raise BrowserError(f"could not print the PDF ({_first_line(str(exc))})") from None
            except BaseException:  # Ctrl-C: the page may be half-loaded
                self._drop_page()
                raise
        if dog.fired:  # late, but done: the next PDF starts a new browser
            self.close(timeout)
        return data

    def _drop_page(self) -> None:
        page, self.page = self.page, None
        if page is not None and not self.dead:
            with contextlib.suppress(Exception):
                page.close()

    def kill_browser(self) -> None:
        """SIGKILL to the browser's process group and session (the watchdog's first step).

        It reads /proc only and touches no Playwright object, so the watchdog thread may
        call it. The driver sees the browser end: it removes the browser's profile folder
        and fails the calls waiting on the browser at once."""
        self.dead = True
        driver = self.driver_pid if self.driver_pid is not None else self._driver()
        if driver is not None:
            table = _processes()
            for child in _children(driver):
                _kill_group(child, table)

    def kill(self) -> None:
        """The browser killed, then the driver (the watchdog's last step: the driver hangs too)."""
        self.kill_browser()
        driver = self.driver_pid if self.driver_pid is not None else self._driver()
        if driver is not None:
            with contextlib.suppress(OSError):
                os.kill(driver, signal.SIGKILL)

    def close(self, timeout: float | None = None) -> None:
        """Close the browser and stop Playwright, quietly, in the process that started them."""
        if self.owner != os.getpid() or self.playwright is None:
            return
        playwright, self.playwright = self.playwright, None
        browser, self.browser = self.browser, None
        with _Watchdog(self.timeout if timeout is None else timeout, self):
            if browser is not None and not self.dead:
                with contextlib.suppress(Exception):
                    browser.close()
            self.dead = True
            with contextlib.suppress(Exception):
                playwright.stop()
        if self.profile is not None:  # the driver removes it, unless stopped as it did
            shutil.rmtree(self.profile, ignore_errors=True)

    def _driver(self) -> int | None:
        """The Playwright driver this session started: a new child running ``run-driver``."""
        new = [p for p in _children(self.owner) if p not in self._children_before]
        return next((p for p in new if b"run-driver" in _cmdline(p)), None)


class _Watchdog:
    """Kills the session's browser if the ``with`` block lasts over ``seconds``, and its
    driver too if the block still lasts ``DRIVER_GRACE`` seconds later; from threads of
    its own, as the block waits on Playwright."""

    def __init__(self, seconds: float, session: Session) -> None:
        self.fired = False
        self._timers = [
            threading.Timer(seconds, self._fire, (session.kill_browser,)),
            threading.Timer(seconds + DRIVER_GRACE, self._fire, (session.kill,)),
        ]
        for timer in self._timers:
            timer.daemon = True

    def _fire(self, kill: Callable[[], None]) -> None:
        self.fired = True
        with contextlib.suppress(Exception):
            kill()

    def __enter__(self) -> _Watchdog:
        for timer in self._timers:
            timer.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, trace: TracebackType | None
    ) -> None:
        for timer in self._timers:
            timer.cancel()
            timer.join()  # a kill under way is finished before the block's outcome is read


def _close_at_exit_of_this_process() -> None:
    global _closing_at_exit
    if not _closing_at_exit:
        atexit.register(_close_at_exit)
        _closing_at_exit = True
    if os.getpid() not in _finalized_in:
        _finalized_in.add(os.getpid())
        from multiprocessing import util  # worker processes end with os._exit: no atexit

        util.Finalize(None, _close_at_exit, exitpriority=0)  # called in this process only


def _close_at_exit() -> None:
    if _current is not None and _current.owner == os.getpid():
        _current.close()


def _refuse_what_cannot_be_executed(program: str) -> None:
    """A file that is neither a binary nor a ``#!`` script cannot be executed (ENOEXEC);
    Node.js would hand it to /bin/sh instead, so it is refused here, as the kernel would."""
    try:
        with open(program, "rb") as file:
            head = file.read(4)
    except OSError:
        return  # not readable (execute only): the launch says what is wrong
    if not head.startswith((b"#!", b"\x7fELF")):
        raise BrowserError(f"cannot be run ({os.strerror(errno.ENOEXEC).lower()}); {_FIX}")


_SPAWN = re.compile(r"spawn (E[A-Z]+)")
_EXIT = re.compile(r"<process did exit: exitCode=(\w+), signal=(\w+)>")
_STDERR = re.compile(r"^\[pid=\d+\]\[err\] (.*\S)", re.MULTILINE)


def _launch_failure(message: str) -> str:
    """Playwright's long launch error (its command line, browser logs, call log) as one line."""
    spawn = _SPAWN.search(message)
    if spawn:
        code = getattr(errno, spawn.group(1), None)
        reason = os.strerror(code).lower() if code is not None else spawn.group(1)
        return f"cannot be run ({reason}); {_FIX}"
    ended = _EXIT.search(message)
    if ended:
        code, signal_name = ended.groups()
        how = f"exit status {code}" if code != "null" else f"signal {signal_name}"
        said = _STDERR.findall(message)
        detail = f"{how}: {said[-1][:200]}" if said else how
        return f"is not a Chromium that works: it ended while starting ({detail}); {_FIX}"
    return f"could not be started by Playwright ({_first_line(message)}); {_FIX}"


def _first_line(message: str) -> str:
    line = (message.strip().splitlines() or ["no message"])[0]
    return line.split(": ", 1)[1][:200] if re.match(r"\w+\.\w+: ", line) else line[:200]


# -- processes, from /proc -------------------------------------------------------------


def _processes() -> dict[int, tuple[int, int, int]]:
    """Every process: its parent, process group and session."""
    table = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
                table[int(entry.name)] = (int(fields[1]), int(fields[2]), int(fields[3]))
    return table


def _children(pid: int) -> list[int]:
    return sorted(p for p, (parent, _, _) in _processes().items() if parent == pid)


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _profile_folder(cmdline: bytes) -> Path | None:
    """The ``--user-data-dir`` Playwright made for the browser (a folder of its own)."""
    for arg in cmdline.split(b"\0"):
        if arg.startswith(b"--user-data-dir="):
            folder = Path(os.fsdecode(arg.partition(b"=")[2]))
            if folder.name.startswith("playwright_chromiumdev_profile-") and folder.is_absolute():
                return folder
    return None


def _kill_group(leader: int, table: Mapping[int, tuple[int, int, int]]) -> None:
    """SIGKILL to ``leader`` and every process of its group or session."""
    if leader == os.getpgrp():
        return  # not a browser: one in a session of its own leads a group of its own
    doomed = {leader} | {p for p, (_, group, session) in table.items() if leader in (group, session)}
    with contextlib.suppress(OSError):
        os.killpg(leader, signal.SIGKILL)
    for pid in doomed:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
