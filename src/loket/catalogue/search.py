"""Catalogue search by relevance, with synonyms: the same ranking on PostgreSQL and on SQLite.

A query is read as terms (a word, or a phrase of the synonym table such as "kartu keluarga"); each term
stands for itself and its synonyms (`synonyms.csv`, data an operator may extend), and every term must occur
(`queries.search_services` filters: full-text on PostgreSQL, substring on SQLite). Results are ranked by
`relevance`: for each term, a match at the start of a word in the service's name (Indonesian or English) weighs
most, then in its category or agency name, then anywhere in the searchable text (summary, product,
requirements). Ties keep PostgreSQL's text rank, then the name.
"""

import csv
import functools
import re
from pathlib import Path

from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce

SYNONYMS_FILE = Path(__file__).with_name("synonyms.csv")
NAME_WEIGHT, GROUP_WEIGHT, TEXT_WEIGHT = 10, 3, 1


def parse_synonyms(lines) -> list[tuple[str, ...]]:
    """Groups of equivalent terms from CSV lines (comments start with #), lower case, blanks dropped."""
    groups = []
    for row in csv.reader(line for line in lines if line.strip() and not line.lstrip().startswith("#")):
        group = tuple(dict.fromkeys(" ".join(term.lower().split()) for term in row if term.strip()))
        if len(group) > 1:
            groups.append(group)
    return groups


@functools.cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    with SYNONYMS_FILE.open(encoding="utf-8") as lines:
        return tuple(parse_synonyms(lines))


def terms(q: str, groups=None) -> list[tuple[str, ...]]:
    """The query's terms, each with its variants (itself first): 'akte kelahiran' -> [('akte', 'akta'),
    ('kelahiran',)]. A phrase of the table ('kartu keluarga') is one term. Search syntax (quotes, a leading
    minus for "without", 'or') is left to the full-text query; here a word is letters, digits and dashes."""
    groups = synonym_groups() if groups is None else groups
    index: dict[tuple[str, ...], tuple[str, ...]] = {}
    for group in groups:
        for term in group:
            index[tuple(term.split())] = group
    longest = max((len(key) for key in index), default=1)
    words = [word for word in re.findall(r"-?[\w][\w\-]*", q.lower()) if word != "or"]
    found: list[tuple[str, ...]] = []
    position = 0
    while position < len(words):
        if words[position].startswith("-"):  # an excluded word: not a term to rank by
            position += 1
            continue
        for size in range(min(longest, len(words) - position), 0, -1):
            phrase = tuple(words[position : position + size])
            group = index.get(phrase)
            if group is not None:
                own = " ".join(phrase)
                found.append((own, *[term for term in group if term != own]))
                position += size
                break
        else:
            found.append((words[position],))
            position += 1
    return found


def alternatives(q: str) -> list[str]:
    """'izin praktik or reklame' -> ['izin praktik', 'reklame']: either side may match (websearch's "or")."""
    return [part for part in re.split(r"\s+or\s+", q, flags=re.IGNORECASE) if part.strip()] or [q]


def has_synonyms(found: list[tuple[str, ...]]) -> bool:
    return any(len(variants) > 1 for variants in found)


def word_start(term: str, vendor: str) -> str:
    """A regular expression for `term` at the start of a word: PostgreSQL spells the boundary \\m, Python \\b
    (SQLite's REGEXP is Python's `re`, as Django installs it)."""
    boundary = r"\m" if vendor == "postgresql" else r"\b"
    return boundary + re.escape(term).replace(r"\ ", r"\s+")


def _any(field: str, variants: tuple[str, ...], vendor: str) -> Q:
    condition = Q()
    for variant in variants:
        condition |= Q(**{f"{field}__iregex": word_start(variant, vendor)})
    return condition


def relevance(found: list[tuple[str, ...]], vendor: str):
    """A score expression: per term, the weight of the best place it occurs (name > category/agency > text)."""
    total = Value(0, output_field=IntegerField())
    for variants in found:
        in_name = _any("name_id", variants, vendor) | _any("name_en", variants, vendor)
        in_group = _any("category__name_id", variants, vendor) | _any("agency__name", variants, vendor)
        in_text = Q()
        for variant in variants:
            in_text |= Q(search_text__icontains=variant)
        total = total + Case(
            When(in_name, then=Value(NAME_WEIGHT)),
            When(in_group, then=Value(GROUP_WEIGHT)),
            When(in_text, then=Value(TEXT_WEIGHT)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return Coalesce(total, Value(0), output_field=IntegerField())


def substring_filter(q: str, groups=None) -> Q:
    """SQLite: in one of the query's alternatives, every term (one of its variants) occurs in the searchable
    text, case-insensitively, and no excluded word ("-reklame") does."""
    condition = None
    for part in alternatives(q):
        wanted = Q()
        for variants in terms(part, groups):
            either = Q()
            for variant in variants:
                either |= Q(search_text__icontains=variant)
            wanted &= either
        for word in part.replace('"', " ").split():
            if word.startswith("-") and len(word) > 1:
                wanted &= ~Q(search_text__icontains=word[1:])
        condition = wanted if condition is None else condition | wanted
    return condition
