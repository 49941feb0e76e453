"""Wire conventions at a report's edges: the dateline that opens it, the agency credit that opens or closes it."""

from __future__ import annotations

import re
from dataclasses import dataclass

# News agencies whose name on a report's edge is a credit for the copy, not the publishing outlet.
AGENCIES = (
    "AFP", "Agence France-Presse", "Agence France Presse", "Reuters", "Reuter", "AP", "Associated Press", "Bloomberg",
    "Yonhap", "Kyodo", "Kyodo News", "Xinhua", "TASS", "Interfax", "RIA Novosti", "dpa", "DPA", "ANI", "PTI",
    "IANS", "UNI", "UPI", "AAP", "EFE", "ANSA", "Anadolu", "Anadolu Agency", "Bernama", "Antara", "CNA", "Sputnik",
    "Ukrinform", "PAP", "CTK", "APA", "KUNA", "WAM", "SPA", "IRNA", "Agencies", "agencies",
)  # fmt: skip
_AGENCY = "(?:" + "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True)) + ")"
# An unknown agency's credit after the last sentence is still an all-capitals short name ("… charged. CPS").
_ACRONYM = r"[A-Z]{2,6}"
_AGENCY_SET = frozenset(a.casefold() for a in AGENCIES)

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# A place: one to four capitalised words ("Oslo", "New Delhi", "SAN FRANCISCO"), optionally ", Country".
_PLACE_PART = r"[A-Z][A-Za-z'’.\-]*(?:\s+[A-Z][A-Za-z'’.\-]*){0,3}"
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE_PART}(?:,\s*{_PLACE_PART})?)?"
    rf"(?:,?\s+(?P<date>{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?))?"
    # The parenthetical is usually an agency; another name ("(CNN)") is the copy's own source, cut but not a credit.
    rf"\s*(?:\(\s*(?:(?P<agency>{_AGENCY})|[A-Z][\w.&-]{{1,20}}(?:\s[A-Z][\w.&-]{{1,20}}){{0,2}})\s*\))?"
    r"\s*(?P<sep>[-–—]{1,2}|:)\s+(?=[\"“‘'A-Z0-9])"
)
# A parenthetical dash later in the same sentence means the first dash was one too ("Park — the minister — said").
_SECOND_DASH = re.compile(r"\s[-–—]{1,2}\s")
_WORDS_NOT_PLACES = frozenset(
    (
        "The A An He She It They We I This That These Those Mr Mrs Ms Dr President Minister Officials Police But And"
    ).split()
)
# Labels that open a paragraph with a colon like a dateline, but are not places.
_KICKERS = frozenset(
    "NOTE|UPDATE|UPDATED|EXCLUSIVE|WATCH|BREAKING|ANALYSIS|OPINION|CORRECTION|CLARIFICATION|VIDEO|PHOTOS|LIVE|REVIEW|"
    "EDITOR'S NOTE|EDITOR’S NOTE|FACTBOX|EXPLAINER|INTERVIEW|Q&A|READ MORE|SEE ALSO|REPORT|EDITORIAL|COMMENTARY|"
    "SPONSORED|ADVERTORIAL|PRESS RELEASE|WARNING|ALERT|FLASH|URGENT".split("|")
)
# A closing credit after the last sentence: "… him. AFP", "… him. (AFP)", "… him. — Reuters", "With AFP".
_TRAILING = re.compile(
    rf"(?:(?<=[.!?”\"’)])\s+|^)(?P<credit>(?:[-–—]{{1,2}}\s*)?\(?"
    r"(?:[Ww]ith\s+(?:(?:additional\s+)?(?:inputs?|reporting)\s+(?:from|by)\s+)?)?"
    rf"(?P<agency>{_AGENCY}(?:\s*(?:[/,&]|and)\s*{_AGENCY})*|{_ACRONYM})\)?)\s*$"
)
# The wire's end-of-copy mark ("… said. (END)", Yonhap's style).
_END_MARK = re.compile(r"(?:^|\s+)(?:\(END\)|/END/|-30-)$")


@dataclass(slots=True)
class Dateline:
    """What a dateline prefix held, and the exact prefix text."""

    prefix: str
    place: str | None
    date: str | None
    agency: str | None


def split_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening a report's first paragraph ("Oslo - ", "SEOUL, Dec 9 (Reuters) - ", "(AP) — ")."""
    m = _DATELINE.match(paragraph)
    if not m or not (m.group("place") or m.group("agency")):
        return None
    place = m.group("place")
    if place:
        first = place.split()[0].strip(",")
        if first in _WORDS_NOT_PLACES:
            return None
        # A colon only separates an all-caps dateline ("NEW DELHI: …"); "Park Min Jun: …" is not one.
        if m.group("sep") == ":" and (
            not place.replace(",", "").replace(" ", "").isupper() or place.upper() in _KICKERS
        ):
            return None
    rest = paragraph[m.end() : m.end() + 120]
    if m.group("sep") != ":" and _SECOND_DASH.search(rest.split(". ")[0]):
        return None
    if place:
        # "SEOUL" and "LIMA, Peru" read as "Seoul" and "Lima, Peru": all-caps is a wire style, not the name.
        place = ", ".join(part.title() if part.isupper() else part for part in re.split(r",\s*", place))
    return Dateline(m.group(0), place, m.group("date"), m.group("agency"))


def split_trailing_credit(paragraph: str) -> tuple[str, str, str | None] | None:
    """(text before, what was cut as written, the agency or None) when the paragraph closes with a wire credit.

    Handles "… him. AFP", "… him. (AP)", "… him. — Reuters", a credit-only last line, and the wire's end mark
    ("… said. (END)"), which is cut with or without a credit before it.
    """
    text, cut, agency = paragraph, [], None
    end = _END_MARK.search(text)
    if end:
        cut.append(end.group(0).strip())
        text = text[: end.start()].rstrip()
    m = _TRAILING.search(text)
    if m:
        cut.insert(0, m.group("credit").strip())
        agency = m.group("agency")
        text = text[: m.start()].rstrip()
    if not cut:
        return None
    return text, " ".join(cut), agency


def is_agency(name: str) -> bool:
    """True for a news agency name (a credit, never the publishing outlet)."""
    return name.strip().casefold() in _AGENCY_SET
