"""Assembly lint: the traces left when a policy is glued together from fragments.

Templates, macros, profile values and catalog entries each read well on their own; put
side by side they can repeat a sentence, echo a heading, keep a capital after a colon,
lose the "de" of a French infinitive, or leave a placeholder behind. Each rule here
looks at the rendered blocks (see :mod:`drafter.lint.blocks`) for one such pattern.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from drafter.lint.blocks import URL_OR_EMAIL, Block
from drafter.lint.tools import grammalecte_checker

MIN_SENTENCE_WORDS = 5
MIN_RUN_WORDS = 6

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\s\u00a0\u202f]+(?=[^\W\d_«\"(])")
_WORD = re.compile(r"[^\W_][\w'’-]*")
_LETTERS = re.compile(r"[^\W\d_][\w'’-]*")

# A colon, French spacing included ("Pays\u00a0: France"), then the first word after it.
_AFTER_COLON = re.compile(r":[\s\u00a0\u202f]+(?P<word>[^\W\d_][\w'’-]*)")
# "L'exécution", "D'une": an elided article or preposition is never a proper noun.
_FR_ELIDED = re.compile(r"^(?:[CDJLMNST]|Qu|Jusqu|Lorsqu|Puisqu)['’]")

_SEE = {
    "en": re.compile(r"\bsee (?:below|above)\b", re.IGNORECASE),
    "fr": re.compile(r"\bvoir ci-(?:dessous|dessus)\b", re.IGNORECASE),
}

_PLACEHOLDER = re.compile(
    r"<[^<>\s]{1,60}>|\{\{|\{%|\b(?:TODO|TBD|XXX)\b|lorem ipsum"
    r"|\[\s*(?:insert|insérer|à compléter)\b[^\]]*\]",
    re.IGNORECASE,
)
_PLACEHOLDER_CASED = re.compile(r"\b(?:todo|tbd|xxx)\b", re.IGNORECASE)

_EMAIL_EN = re.compile(r"(?<![\w@.])e-mails?(?![\w@-])", re.IGNORECASE)
_EMAIL_FR = re.compile(r"(?<![\w@.-])(?P<word>e-?mails?|mails?|méls?)(?![\w@-])", re.IGNORECASE)
_FR_ADDRESS_BEFORE = re.compile(r"\badresses?[\s\u00a0]+(?:de[\s\u00a0]+)?$", re.IGNORECASE)

# French "lost de": "de|d' [clitics] INFINITIVE ... et|ou [clitics] INFINITIVE" in one clause.
_FR_CLITICS = r"(?:(?:me|te|se|nous|vous|le|la|les|lui|leur|y|en)[\s\u00a0]+|[mtsl]['’])*"
_FR_DE_INFINITIVE = re.compile(
    rf"\b(?:de[\s\u00a0]+|d['’]){_FR_CLITICS}(?P<first>[^\W\d_][\w-]*)", re.IGNORECASE
)
_FR_AND_INFINITIVE = re.compile(
    rf"\b(?:et|ou)[\s\u00a0]+(?P<clitics>{_FR_CLITICS})(?P<second>[^\W\d_][\w-]*)", re.IGNORECASE
)
_FR_CLAUSE_END = re.compile(r"[.;:!?]")


@dataclass(frozen=True)
class AssemblyIssue:
    """One finding of the assembly lint, at ``block.text[start:end]``."""

    rule: str
    message: str
    block: Block
    start: int
    end: int


def assembly_issues(blocks: list[Block], lang: str) -> Iterator[AssemblyIssue]:
    """Every assembly issue of one policy's ``blocks``, rule by rule."""
    rules: list[Callable[[list[Block], str], Iterator[AssemblyIssue]]] = [
        repeated_sentences,
        repeated_runs,
        heading_echoes,
        colon_capitals,
        lost_de,
        see_below,
        placeholders,
        email_spellings,
    ]
    for rule in rules:
        yield from rule(blocks, lang)


# -- helpers -----------------------------------------------------------------------------


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def _lists(blocks: list[Block]) -> dict[int, list[Block]]:
    """The items of each list, by list id, in order."""
    out: dict[int, list[Block]] = {}
    for block in blocks:
        if block.kind == "item" and block.list_id is not None:
            out.setdefault(block.list_id, []).append(block)
    return out


def _sentences(block: Block) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of ``block`` after its lead-in label, trailing space trimmed."""
    start = block.lead
    text = block.text
    for m in _SENTENCE_END.finditer(text, block.lead):
        yield start, m.start()
        start = m.end()
    end = len(text.rstrip())
    if end > start:
        yield start, end


def _tokens(block: Block) -> list[tuple[str, int, int]]:
    """The words of ``block`` (casefolded, with offsets); a name span is one token."""
    out: list[tuple[str, int, int]] = []
    prose = block.prose()
    for start, end in block.names:
        out.append((_normal(block.text[start:end]), start, end))
    out += [(m.group(0).casefold(), m.start(), m.end()) for m in _WORD.finditer(prose)]
    return sorted(out, key=lambda t: t[1])


# -- 1. repeated-sentence ----------------------------------------------------------------

# The one exemption, where repeating a sentence is the legal form: a "Label: value" field
# ("It receives: contact details.", "Legal basis: your consent.") of one record among
# several of its kind: sibling items of one list (each recipient, each purpose) or
# blocks under different headings of one section (each cookie category). The GDPR asks
# for the data, legal basis and recipients of each purpose and recipient (Articles 13
# and 14), so two records that happen to hold the same value each say it in full.
_FIELD = re.compile(r"^[^:.;!?]{1,80}?[\s\u00a0\u202f]?:[\s\u00a0\u202f]")


def repeated_sentences(blocks: list[Block], lang: str) -> Iterator[AssemblyIssue]:
    """The second time a sentence of five words or more appears in the policy."""
    seen: dict[str, tuple[Block, int]] = {}  # sentence -> (first block, times seen)
    reported: set[str] = set()
    later: list[tuple[str, Block, int, int]] = []
    for block in blocks:
        if block.kind in {"heading", "cell"}:
            continue
        collapsed = block.collapsed()
        for start, end in _sentences(block):
            if len(_WORD.findall(collapsed[start:end])) < MIN_SENTENCE_WORDS:
                continue
            key = _normal(block.text[start:end]).rstrip(".!?;:, ")
            if key not in seen:
                seen[key] = (block, 1)
                continue
            first, count = seen[key]
            seen[key] = (first, count + 1)
            if (_FIELD.match(key) and _separate_records(first, block)) or key in reported:
                continue
            reported.add(key)
            later.append((key, block, start, end))
    for key, block, start, end in later:
        first, count = seen[key]
        where = "earlier in this section" if first.section == block.section else f"under “{first.heading}”"
        times = f" ({count} times)" if count > 2 else ""
        yield AssemblyIssue(
            "repeated-sentence",
            f"this sentence already appears {where}{times}: say it once, or refer to it",
            block,
            start,
            end,
        )


def _separate_records(first: Block, block: Block) -> bool:
    """Whether two blocks are two records of one kind: sibling list items, or parallel subsections."""
    if first is block or first.section != block.section:
        return False
    siblings = first.list_id is not None and first.list_id == block.list_id
    return siblings or first.heading != block.heading


# -- 2. repeated-run ---------------------------------------------------------------------

# Terms of art the law names and the policy must repeat word for word: a run that is
# nothing but one of them is not a slip ("notre délégué à la protection des données").
TERMS: dict[str, tuple[str, ...]] = {
    "en": ("general data protection regulation",),
    "fr": (
        "délégué à la protection des données",
        "règlement général sur la protection des données",
    ),
}


def repeated_runs(blocks: list[Block], lang: str) -> Iterator[AssemblyIssue]:
    """A run of six words or more said twice in one paragraph or one list item."""
    for block in blocks:
        if block.kind not in {"paragraph", "item"}:
            continue
        tokens = _tokens(block)
        words = [t[0] for t in tokens]
        first_at: dict[tuple[str, ...], int] = {}
        j = 0
        while j + MIN_RUN_WORDS <= len(words):
            gram = tuple(words[j : j + MIN_RUN_WORDS])
            i = first_at.get(gram)
            if i is None or i + MIN_RUN_WORDS > j:
                first_at.setdefault(gram, j)
                j += 1
                continue
            length = MIN_RUN_WORDS
            while j + length < len(words) and i + length < j and words[i + length] == words[j + length]:
                length += 1
            start, end = tokens[j][1], tokens[j + length - 1][2]
            j += length
            if _term(words[j - length : j], lang):
                continue
            yield AssemblyIssue(
                "repeated-run",
                f"these {length} words already appear earlier in this {_kind_name(block)}: say them once",
                block,
                start,
                end,
            )


def _term(words: list[str], lang: str) -> bool:
    """Whether ``words`` lie within one term of art."""
    run = " ".join(words)
    return any(run in term for term in TERMS.get(lang, ()))


def _kind_name(block: Block) -> str:
    return "list item" if block.kind == "item" else "paragraph"


# -- 3. heading-echo ---------------------------------------------------------------------


def _plain_words(text: str) -> list[str]:
    return [w.casefold().replace("’", "'") for w in _WORD.findall(text)]


def heading_echoes(blocks: list[Block], lang: str) -> Iterator[AssemblyIssue]:
    """A list whose items all start with the words of the heading above it."""
    for items in _lists(blocks).values():
        heading = _plain_words(items[0].heading)
        if len(items) < 2 or not heading:
            continue
        if not all(_plain_words(item.text)[: len(heading)] == heading for item in items):
            continue
        first = items[0]
        matches = list(_WORD.finditer(first.text))
        start, end = matches[0].start(), matches[len(heading) - 1].end()
        yield AssemblyIssue(
            "heading-echo",
            f"all {len(items)} items of this list repeat its heading “{first.heading}”: "
            "drop those words from the items",
            first,
            start,
            end,
        )


# -- 4. colon-capital --------------------------------------------------------------------


def _lower_words(blocks: list[Block]) -> set[str]:
    """Every word the policy writes in lower case (names left out)."""
    out: set[str] = set()
    for block in blocks:
        for m in _LETTERS.finditer(block.prose()):
            word = m.group(0).strip("-'’")
            if word and word == word.lower():
                out.add(word)
                out.update(re.split(r"['’]", word)[1:])
    return out


def colon_capitals(blocks: list[Block], lang: str) -> Iterator[AssemblyIssue]:
    """A common word with a capital right after a colon: after a colon, lower case.

    A proper noun, an acronym or a quotation keeps its capital. A word counts as a
    proper noun when it is a name span, is written in all or mixed capitals (CNIL,
    PayPal), or is never written in lower case anywhere in the policy (France).
    """
    lower = _lower_words(blocks)
    for block in blocks:
        for m in _AFTER_COLON.finditer(block.text):
            word = m.group("word").rstrip("-'’")
            start = m.start("word")
            end = start + len(word)
            if not word[0].isupper() or block.about_names(start, end) or _in_name(block, start):
                continue
            elided = lang == "fr" and _FR_ELIDED.match(word)
            if not elided and (any(c.isupper() for c in word[1:]) or word.lower() not in lower):
                continue
            lowered = word[0].lower() + word[1:]  # "L'exécution" -> "l'exécution"
            yield AssemblyIssue(
                "colon-capital",
                f"capital after a colon: write “{lowered}” (after a colon, lower case "
                "unless a proper noun, an acronym or a quotation follows)",
                block,
                start,
                end,
            )


def _in_name(block: Block, at: int) -> bool:
    return any(s <= at < e for s, e in block.names)


# -- 5. lost-de (French) -----------------------------------------------------------------


@cache
def _morph(word: str) -> tuple[str, ...]:
    """Grammalecte's morphologies of ``word`` (":Y" marks an infinitive, ":N" a noun)."""
    return tuple(grammalecte_checker().getSpellChecker().getMorph(word))


def _infinitive(word: str) -> bool:
    return any(":Y" in m for m in _morph(word))


def _noun(word: str) -> bool:
    return any(":N" in m for m in _morph(word))


def lost_de(blocks: list[Block], lang: str) -> Iterator[AssemblyIssue]:
    """French: in "d'établir X et tenir Y" the second infinitive lost its "de" ("et de tenir")."""
    if lang != "fr":
        return
    for block in blocks:
        prose = block.prose()
        for m in _FR_DE_INFINITIVE.finditer(prose):
            if not _infinitive(m.group("first")):
                continue
            stop = _FR_CLAUSE_END.search(prose, m.end())
            clause_end = stop.start() if stop else len(prose)
            for n in _FR_AND_INFINITIVE.finditer(prose, m.end(), clause_end):
                second = n.group("second")
                clitics = n.group("clitics").strip().lower()
                # "et le devoir": after le/la/les the word may be a noun, not an infinitive.
                if not _infinitive(second) or (clitics[-3:] in {"le", "la", "les", "l'"} and _noun(second)):
                    continue
                yield AssemblyIssue(
                    "lost-de",
                    f"“{n.group(0)}” lost the “de” of “{m.group(0)}”: each infinitive of the pair "
                    f"takes its own, write “{_with_de(n.group(0))}”",
                    block,
                    n.start(),
                    n.end(),
                )
                break


def _with_de(coordinated: str) -> str:
    """Put back the "de": "et vous livrer" -> "et de vous livrer", "ou y accéder" -> "ou d'y accéder"."""
    conj, rest = coordinated.split(maxsplit=1)
    de = "d'" if rest[:1].lower() in set("aeiouyhàâéèêëîïôûü") else "de "
    return f"{conj} {de}{rest}"


# -- 6. see-below ------------------------------------------------------------------------


def see_below(blocks: list[Block], lang: str) -> Iterator[AssemblyIssue]:
    """More than one "see below" / "voir ci-dessous" in one block or one list."""
    pattern = _SEE[lang]
    in_lists: set[int] = set()
    for items in _lists(blocks).values():
        hits = [(b, m) for b in items for m in pattern.finditer(b.prose())]
        if len(hits) > 1:
            in_lists.update(id(b) for b in items)
            yield _see_issue(hits, "list")
    for block in blocks:
        if id(block) in in_lists:
            continue
        hits = [(block, m) for m in pattern.finditer(block.prose())]
        if len(hits) > 1:
            yield _see_issue(hits, _kind_name(block))


def _see_issue(hits: list[tuple[Block, re.Match[str]]], where: str) -> AssemblyIssue:
    block, m = hits[1]
    return AssemblyIssue(
        "see-below",
        f"“{m.group(0)}” {len(hits)} times in one {where}: point to the place once, by its heading",
        block,
        m.start(),
        m.end(),
    )


# -- 7. placeholder ----------------------------------------------------------------------


def placeholders(blocks: list[Block], lang: str) -> Iterator[AssemblyIssue]:
    """A placeholder left in the text: <container-id>, {{, TODO, lorem ipsum, [insert …]."""
    for block in blocks:
        links = [m.span() for m in URL_OR_EMAIL.finditer(block.text.replace("\u00a0", " "))]
        for m in _PLACEHOLDER.finditer(block.text):
            if any(s <= m.start() < e for s, e in links):
                continue
            if _PLACEHOLDER_CASED.fullmatch(m.group(0)) and not m.group(0).isupper():
                continue  # "todo" in lower case is a word; only TODO, TBD, XXX are markers
            yield AssemblyIssue(
                "placeholder",
                f"placeholder “{m.group(0)}” left in the text: replace it with what the reader should see",
                block,
                m.start(),
                m.end(),
            )


# -- 8. email-spelling -------------------------------------------------------------------


def email_spellings(blocks: list[Block], lang: str) -> Iterator[AssemblyIssue]:
    """One spelling of e-mail: "email" in English; "courriel" / "adresse électronique" in French."""
    for block in blocks:
        prose = block.prose()
        if lang == "en":
            for m in _EMAIL_EN.finditer(prose):
                yield AssemblyIssue(
                    "email-spelling",
                    f"“{m.group(0)}”: write “{_cased('email', m.group(0))}”, the one spelling we use",
                    block,
                    m.start(),
                    m.end(),
                )
            continue
        for m in _EMAIL_FR.finditer(prose):
            word = m.group("word")
            if _FR_ADDRESS_BEFORE.search(prose[: m.start()]):
                fix = "« adresse électronique » for the address"
            else:
                fix = f"« {_cased('courriel', word)} » for a message"
            yield AssemblyIssue(
                "email-spelling",
                f"“{word}”: write {fix} (one spelling per policy)",
                block,
                m.start(),
                m.end(),
            )


def _cased(word: str, like: str) -> str:
    """``word`` with the plural and the initial capital of ``like`` ("E-mails" -> "Emails")."""
    word += "s" if like.lower().endswith("s") else ""
    return word.capitalize() if like[:1].isupper() else word
