"""Every vendor's role is stated with its source, and worded as the catalog states it."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import minimal, write_profile

from drafter.commands.check import normalized, section_blocks
from drafter.legal.load import load_profile
from drafter.model.catalog import builtin_catalog
from drafter.render.language import language_record
from drafter.render.policy import render_policy
from drafter.render.words import words

CATALOG = dict(builtin_catalog())
SEPARATE = sorted(v for v, vendor in CATALOG.items() if vendor.own_purposes or vendor.joint_controller)


def test_every_vendor_states_its_role_with_a_source() -> None:
    missing = [v for v, vendor in CATALOG.items() if vendor.source_of("role") is None]
    assert not missing
    assert {"stripe", "paypal", "meta-pixel", "google-ads", "youtube"} <= set(SEPARATE)
    for ident in ("meta-pixel", "tiktok-pixel"):
        assert CATALOG[ident].joint_controller and CATALOG[ident].joint_arrangement_url


@pytest.mark.parametrize("ident", SEPARATE)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_vendor_that_uses_data_for_itself_is_never_worded_as_processor_only(
    ident: str, lang: str, tmp_path: Path
) -> None:
    data = minimal(languages=[lang], processors=[{"vendor": ident, "data": ["contact"]}])
    loaded = load_profile(write_profile(tmp_path / "p.yaml", data))
    blocks = section_blocks(render_policy(loaded, lang))["recipients"]  # type: ignore[arg-type]
    (line,) = [b for b in blocks if f"{normalized(CATALOG[ident].name)} (" in b]
    w = words(language_record(lang))  # type: ignore[arg-type]
    assert normalized(w.ROLE["processor"]) not in line
    expected = w.ROLE["joint"] if CATALOG[ident].joint_controller else w.ROLE["controller"]
    assert normalized(expected) in line
    detail = CATALOG[ident].own_purposes_detail
    if CATALOG[ident].own_purposes and detail is not None:
        assert normalized(detail[lang]) in line
