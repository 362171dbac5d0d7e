"""Build hook: compile the wizard's gettext catalogs (.po -> .mo) while building the package.

Everything else about the package is in pyproject.toml. A wheel (``pip install .``) gets the
.mo files in its build folder; an editable install (``pip install -e .``) has none (its
build_py copies nothing), so they are compiled beside their .po, in the source tree, which
is what an editable install imports. The .mo files are build products (.gitignore).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
LOCALE = Path("drafter", "wizard", "locale")


def compile_catalogs(source: Path, target: Path) -> list[str]:
    """Compile every ``<lang>/LC_MESSAGES/*.po`` under ``source`` to a .mo under ``target``,
    with the function the wizard uses when it finds no current .mo."""
    spec = importlib.util.spec_from_file_location("_drafter_i18n", HERE / "drafter" / "wizard" / "i18n.py")
    assert spec is not None and spec.loader is not None
    i18n = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(i18n)
    written = []
    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        mo.write_bytes(i18n.compile_po(po.read_bytes()))
        written.append(str(mo))
    return written


class BuildPyWithCatalogs(build_py):
    """build_py that also compiles the wizard's catalogs."""

    def run(self) -> None:
        super().run()
        target = HERE / LOCALE if self.editable_mode else Path(self.build_lib) / LOCALE
        self._catalogs = compile_catalogs(HERE / LOCALE, target)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs: list[str] = super().get_outputs(include_bytecode)
        if not self.editable_mode:
            outputs += getattr(self, "_catalogs", [])
        return outputs


setup(cmdclass={"build_py": BuildPyWithCatalogs})
