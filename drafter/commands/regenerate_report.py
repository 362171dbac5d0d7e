"""``drafter regenerate``: the report of a run, one line per output and a total line."""

from __future__ import annotations

from typing import TextIO

from drafter.commands.regenerate_types import Report
from drafter.errors import for_terminal, printable


def print_report(report: Report, out: TextIO, err: TextIO) -> None:
    """One line per output (and per failed profile), diffs if asked, and a total line.

    Every line is escaped (:func:`drafter.errors.printable`), so a newline or a terminal
    escape in a file name can neither forge a line nor act on the terminal; diffs keep
    their own lines (:func:`drafter.errors.for_terminal`).
    """
    folder = report.settings.out
    for result in report.results:
        for output in result.outputs:
            label: str = output.status
            if output.reasons and output.status != "unchanged":
                label += f" ({', '.join(output.reasons)})"
            out.write(printable(f"{folder / output.name}: {label}", limit=_NO_LIMIT) + "\n")
            if output.diff:
                out.write(for_terminal(output.diff))
        for line in result.not_made:
            out.write(printable(f"{folder / line}", limit=_NO_LIMIT) + "\n")
        if result.problems:
            for problem in result.problems:
                err.write(f"{problem}\n")
            count = len(result.problems)
            first = result.problems[0].message if count == 1 else f"{count} problems, listed on stderr"
            out.write(printable(f"{result.profile}: failed ({first})", limit=_NO_LIMIT) + "\n")
    if report.orphans:
        shown = ", ".join(report.orphans[:5]) + (
            f" and {len(report.orphans) - 5} more" if len(report.orphans) > 5 else ""
        )
        line = (
            f"left alone: {shown} in {folder} "
            "(no profile of this run makes them; drafter never deletes files)"
        )
        out.write(printable(line, limit=_NO_LIMIT) + "\n")
    out.write(_total(report) + "\n")
    out.flush()


_NO_LIMIT = 1 << 30  # a report line is never cut short


def _total(report: Report) -> str:
    outputs = report.outputs
    counts = {s: sum(o.status == s for o in outputs) for s in ("updated", "new", "unchanged")}
    detail = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    failed = len(report.failed)
    tail = f"; {failed} profile{'s' if failed != 1 else ''} failed" if failed else ""
    if report.settings.check:
        changed = ", ".join(f"{n} {s}" for s, n in counts.items() if n and s != "unchanged")
        return (
            f"check: {len(report.changed)} of {len(outputs)} outputs would change"
            f"{f' ({changed})' if changed else ''}{tail}; nothing was written"
        )
    done = len(report.results)
    return (
        f"total: {len(outputs)} outputs of {done} profile{'s' if done != 1 else ''}"
        f"{f': {detail}' if detail else ''}{tail}"
    )
