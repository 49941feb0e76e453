"""Page furniture: the lines a scraper keeps around a report (ads, widgets, sign-ups, appeals, credits, link lists).

Works on lines, in blocks: a furniture heading ("A Message from …", "Sign up for our newsletter", "Latest News")
takes the lines that belong to it, and a block ends at the first line that does not. Single-line cues only match
whole short lines, so a report sentence never matches one; the only rules that may remove a sentence-shaped line are
the blocks opened by an explicit heading, and lines the engine saw repeated across one site's articles.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from storyline.clean.dates import DATE_IN_TEXT, date_line, find_date
from storyline.clean.lines import (
    ends_open,
    ends_sentence,
    line_key,
    looks_like_report_sentence,
    without_quotes,
    word_count,
)
from storyline.clean.paragraphs import logical_lines
from storyline.clean.wire import is_agency

_I = re.IGNORECASE

# Whole-line cues for short lines (at most _SHORT_WORDS words). One alternation, so one regex call per line.
_SHORT_WORDS = 15
_SHORT_CUE = re.compile(
    r"^(?:"
    # advertising
    r"[-–—•*|\s]*advertisement\s*[-–—:|]\s*(?:scroll|continue|story)\b.*"
    r"|[-–—•*|\s]*(?:advertisement|advertising|sponsored(?:\s+content)?|paid\s+(?:content|post)|promoted(?:\s+content)?"
    r"|ad)[-–—•*|\s]*(?:[a-z]+_\w*|continue\s+reading\s+below)?"
    # template placeholders a scraper left behind: lower-case identifiers with underscores, and nothing else
    r"|[a-z]+(?:_[a-z]+)+(?:\s+[a-z]+(?:_[a-z]+)+)*"
    r"|(?:story|article|content)\s+continues\s+(?:below|after)(?:\s+(?:this\s+)?(?:advertisement|ad))?"
    r"|scroll\s+(?:down\s+)?to\s+continue(?:\s+with\s+content)?|skip\s+ad"
    # links and navigation
    r"|source\s+link|read\s+more|read\s+the\s+full\s+(?:story|article)(?:\s+here)?|continue\s+reading"
    r"|click\s+here\b.*|(?:see|view|show|load)\s+(?:all|more)(?:\s+\w+)?|back\s+to\s+top|skip\s+to\s+(?:main\s+)?content"
    r"|home|menu|search|log\s*in|sign\s*in|register|subscribe(?:\s+now)?|donate(?:\s+now)?|loading\W*"
    # share, follow, comments
    r"|share(?:\s+this(?:\s+(?:article|story|post|page))?|\s+on\s+\w+(?:\s+\w+)?)?|tweet|e-?mail|print|copy\s+link"
    r"|\d*\s*comments?|leave\s+a\s+(?:comment|reply)|view\s+comments|join\s+the\s+(?:conversation|discussion)"
    r"|comments\s+(?:are|have\s+been)\s+(?:closed|disabled|turned\s+off)|(?:be\s+the\s+first\s+to\s+)?(?:post\s+a\s+)?comment"
    r"|(?:(?:facebook|twitter|x|whatsapp|telegram|linkedin|reddit|e-?mail|pinterest|messenger|copy\s+link|print"
    r"|share)[\s|•·,/]*){2,}"
    r"|follow\s+@\w+.*|follow\s+(?:us|.{1,60}?)\s+on\s+(?:twitter|facebook|instagram|telegram|x|youtube|tiktok|linkedin|google\s+news"
    r"|whatsapp|threads|bluesky)\b.*|follow\s+(?:us|.{1,40}?)\s+for\s+(?:the\s+)?(?:latest|more|all\s+the)\b.*"
    r"|join\s+(?:us\s+on\s+|our\s+|[\w'’]+\s+)?(?:\w+\s+)?(?:telegram|whatsapp|channel|community)\b.*"
    r"|send\s+(?:us\s+)?your\s+(?:story\s+ideas|tips?|news\s+tips?)\b.*|.*,\s+opens\s+new\s+tab"
    r"|read\s+more\s+at\s+\S+|reuse\s+this\s+content|explore\s+more\s+on\s+th(?:is|ese)\s+topics?"
    r"|leave\s+a\s+reply(?:\s+cancel\s+reply)?|save\s+my\s+name,\s+email,.*|Δ|(?:edited|compiled)\s+by\s+[^.]{1,60}$"
    r"|source\s*:\s*.{1,60}|\(?end\)?|(?:[^.]{0,60}[\s:])?[\w.+-]+@[\w-]+\.[\w.-]+"
    r"|(?:download|get)\s+(?:the|our)\s+(?:\w+\s+)?app\b.*"
    # section headings of link lists
    r"|highlights|latest(?:\s+(?:news|stories|posts|updates|articles))?|breaking(?:\s+news)?|top\s+stories"
    r"|recent\s+(?:posts|comments|articles|stories)|popular\s+(?:posts|category|categories|stories|articles)"
    r"|more\s+on\s+this\s+(?:story|topic)|related\s+topics|suggested\s+topics|features|elsewhere\s+on\s+[^.]{1,40}$"
    r"|most\s+(?:read|popular|viewed|shared)|trending(?:\s+now)?|popular(?:\s+now)?"
    r"|related(?:\s+(?:articles?|stories|news|posts|content|coverage|topics|reading))?|recommended(?:\s+for\s+you)?"
    r"|you\s+(?:may|might)\s+also\s+like|more\s+(?:stories|news|to\s+read)|more\s+from\s+[^.]{1,40}$"
    r"|editor'?s\s+picks?|don'?t\s+miss|must\s+read|(?:also|further)\s+read|read\s+(?:also|next)"
    # audio, reading time, media labels
    r"|listen\s+to\s+(?:this\s+)?(?:article|story)\b.*|\d+\s*min(?:ute)?s?\s+read|reading\s+time\b.*"
    r"|image|photo|video|audio|gallery|watch|play|\d+\s+photos?"
    # breadcrumbs ("Home > World > Asia") and republication notes
    r"|(?:[^>›»]{1,30}\s[>›»]\s){2,6}[^>›»]{1,60}"
    r"|(?:this\s+(?:article|story|report|post)\s+(?:was\s+|is\s+)?(?:originally|first)\s+(?:published|appeared)"
    r"|originally\s+published)\b.*|read\s+the\s+original\s+(?:article|story)\b.*"
    # tags, copyright, separators
    r"|(?:tags|topics|filed\s+under|categories|category|keywords)\s*:.*"
    r"|(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4})).*|all\s+rights\s+reserved\.?"
    r"|[-–—_=*•·~#.\s]{3,}"
    r")[.:!]?$",
    _I,
)
# Whole-line cues that may run longer (captions, cookie banners, wire trailers), up to _LONG_WORDS words.
_LONG_WORDS = 60
_LONG_CUE = re.compile(
    r"^(?:"
    r"(?:photo(?:graph)?|picture|pic|image|photo\s+credit|credit|caption|file\s+photo|illustration)\s*[:|]\s*.+"
    r"|(?:image\s+source|image\s+caption|media\s+caption)\s*[:,|]\s*.+"
    r"|\(?(?:photos?|images?|pictures?)\s+(?:by|courtesy(?:\s+of)?|credit)\b.+"
    r"|(?:we|this\s+(?:web)?site)\s+uses?\s+cookies\b.*|(?:accept|reject|manage)\s+(?:all\s+)?cookies\b.*"
    r"|cookie\s+(?:policy|settings|preferences|consent)\b.*"
    r"|by\s+(?:continuing|using)\s+(?:to\s+(?:use|browse)\s+)?(?:this|our)\s+(?:web)?site\b.*"
    r"|\(\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|edited)\s+by\b.*\)"
    r"|(?:additional\s+)?(?:reporting|writing)\s+by\b[^.]*;\s*editing\s+by\b.*"
    r"|our\s+standards:.*"
    r"|(?:subscribers|by\s+(?:signing\s+up|subscribing)).*\b(?:privacy\s+policy|terms\s+of\s+(?:use|service))\b.*"
    r"|(?:read\s+more|also\s+read|read\s+also|see\s+also|related|watch|video|listen|more)\s*:\s*.+"
    r")$",
    _I,
)
# "Support The Baltic Ledger!": an appeal line that names the site (case-sensitive: it names something).
_SUPPORT = re.compile(r"^(?:Support|SUPPORT)\s+(?:us|US|[A-Z].{0,60})!$")
# A sign-up line: "Sign up now: Get insights on …" (no terminal period, or it names a newsletter).
_SIGNUP = re.compile(r"^(?:sign\s+up|subscribe|register|join)\b", _I)
_NEWSLETTER = re.compile(r"\bnewsletters?\b", _I)
# A newsletter box heading that names the reader's inbox rather than the word newsletter ("Get X in your inbox").
_NEWSLETTER_HEAD = re.compile(r"\b(?:newsletters?|in\s+your\s+(?:inbox|mailbox))\b", _I)
_NEWSLETTER_BLURB = re.compile(
    r"\b(?:newsletters?|inbox|mailbox|e-?mail(?:\s+address)?|privacy\s+policy|terms\s+(?:of\s+(?:use|service)|and"
    r"\s+conditions)|unsubscribe|subscri\w*|sign\s+up|preview|delivered)\b",
    _I,
)
# Openers of a donation appeal block.
_APPEAL_START = re.compile(
    r"^(?:a\s+message\s+from\s+.{1,60}|dear\s+(?:readers?|friends?|subscribers?|supporters?)[,:!]?"
    r"|we\s+have\s+a\s+small\s+favou?r\s+to\s+ask.*|before\s+you\s+go.*|help\s+us\s+.{1,60}"
    r"|become\s+a\s+(?:member|supporter|subscriber|patron)\b.*|make\s+a\s+(?:donation|contribution)\b.*"
    r"|support\s+(?:independent|our)\s+journalism\b.*)$",
    _I,
)
_APPEAL_VOICE = re.compile(
    r"\b(?:we|our|us|you|your|yours)\b|\b(?:donat|contribut|journalis|subscri|readers|paywall|advertis|reporters?\b)",
    _I,
)
# A caption describing who is where in the picture: "(second from left)", "(L)", "(centre)".
_POSITION = re.compile(
    r"\((?:(?:second|third|fourth|fifth|far|top|bottom|front|back)\s+)?(?:from\s+)?(?:left|right|centre|center"
    r"|middle|front|back|top|bottom)(?:\s+to\s+right)?\)|\((?:L-R|R-L|l-r|left\s+to\s+right)\)"
    r"|\([LRC]\)(?=.*\([LRC]\))",  # "(L)" alone may be a trademark sign; a caption uses two
)
_PROSE_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|could|should|can|may|might|must|did|does|do|said|says"
    r"|told|added|according)\b",
    _I,
)
# A credit closing a caption line: "… / Facebook", "… | Reuters", "AFP via Getty Images", "(AFP)".
_CREDIT_TAIL = re.compile(
    r"(?:\s[/|]\s*|[/|]\s)[A-Z][\w.'’&-]*(?:\s+(?:[A-Z][\w.'’&-]*|of|the|in|via|for|de|and)){0,6}\s*$"
    r"|\b(?:via\s+)?Getty\s+Images$|\bShutterstock$|\bAP\s+Photo(?:/.*)?$|\bREUTERS/.+$|\bAFP\s+PHOTO\b.*$"
    r"|(?<![.!?”\"’\s])\s*\((?:AFP|Reuters|AP|EPA|EPA-EFE|Getty|Getty Images|Yonhap|Xinhua|TASS|Handout|Pool"
    r"|Supplied|File)\)$"
)
# A line that is only a photo credit ("Getty Images", "EPA/Shutterstock", "Yonhap via Reuters").
_LONE_CREDIT = re.compile(
    r"^(?:(?:AFP|Reuters|AP|EPA|EPA-EFE|Getty Images|Shutterstock|Yonhap|Xinhua|TASS|Sputnik|Handout|Pool|BBC"
    r"|Alamy|PA Media|PA|Bloomberg|Anadolu)(?:\s*(?:/|via)\s*)?){1,3}$"
)
# "… at the pier. Photo: Ivo Brandt", "… Picture by Ivo Brandt/Harbour Ledger".
_PHOTO_CREDIT_END = re.compile(
    r"(?:^|[.)]\s+|\s[|/]\s*)(?:Photo(?:graph)?|Picture|Image|Credit|Pic)(?:\s+by)?\s*[:/]?\s+[A-Z][\w .'’&/-]{1,60}$"
)
# Bylines: "By Jane Doe", "By Jane Doe and John Roe | August 30, 2025"; published/updated lines.
_BYLINE = re.compile(
    r"^(?:By|BY|Written by|Words by)\s+(?P<who>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|van|von|al|bin|da)){0,6}"
    r"(?:\s*,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})?)\s*(?:(?:[|,•·–—-]|\s)\s*(?P<rest>.*))?$"
)
_STAMP = re.compile(
    r"^(?:published|updated|posted|last\s+updated|first\s+published|modified|date)(?:\s+on)?\s*:?\s*(?P<rest>.+)$", _I
)
_STAMP_TAIL = re.compile(r"\d|\bago\b|\byesterday\b|\btoday\b", _I)
# A temperature widget ("18.5 C", "88°F") and the weather words that sit beside it.
_TEMPERATURE = re.compile(
    r"^[-+]?\d{1,3}(?:[.,]\d+)?\s*(?:°\s*[CF]?|[CF])$"
    r"|^[-+]?\d{1,3}(?:[.,]\d+)?\s*°\s*[CF]?\s+[A-Za-z][\w ,'’-]{1,30}$"  # "24°C Seoul"
    r"|^[A-Za-z][\w ,'’-]{1,30}\s+[-+]?\d{1,3}(?:[.,]\d+)?\s*°\s*[CF]?$"  # "Partly cloudy 24°C"
)
_WIDGET_WORD = re.compile(r"^[A-Z][\w'’.-]*(?:[\s,-]+[A-Z][\w'’.-]*){0,2}$")
_LIST_CONTINUES_WORDS = 25
# Headings of link lists: the headline lines under them go too (see _drop_link_lists).
_LIST_HEAD = re.compile(
    r"^(?:highlights|latest(?:\s+\w+)?|top\s+stories|most\s+\w+|trending(?:\s+now)?|popular(?:\s+\w+)?"
    r"|related(?:\s+\w+)?|recommended(?:\s+for\s+you)?|you\s+(?:may|might)\s+also\s+like|more\s+(?:stories|news|from\b.*)"
    r"|editor'?s\s+picks?|don'?t\s+miss|must\s+read|read\s+(?:more|also|next)|(?:also|further)\s+read"
    r"|recent\s+\w+|more\s+on\s+this\s+(?:story|topic)|see\s+also)\s*:?$",
    _I,
)
_STAMP_REST = re.compile(
    r"^(?:\d|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b|at\s+\d"
    r"|an?\s+(?:hour|minute|day)|yesterday|today)",
    _I,
)


@dataclass(slots=True)
class Furniture:
    """What the furniture pass found: which lines go (index -> reason) and the facts the furniture carried."""

    drop: dict[int, str] = field(default_factory=dict)
    page_date: str | None = None
    byline_date: str | None = None
    author: str | None = None
    credit: str | None = None
    first_report: int = 0  # index of the first report sentence that is not furniture


def _cue(s: str, wc: int) -> str | None:
    """The reason a single line is furniture by itself, or None."""
    if wc <= _SHORT_WORDS and _SHORT_CUE.match(s):
        return "cue"
    if wc <= _LONG_WORDS and _LONG_CUE.match(s):
        return "cue"
    if wc <= 12 and _SUPPORT.match(s):
        return "appeal"
    if wc <= 20 and _SIGNUP.match(s) and (not ends_sentence(s) or _NEWSLETTER.search(s)):
        return "newsletter"
    if wc <= 14 and not ends_sentence(s) and _NEWSLETTER_HEAD.search(s):
        return "newsletter"  # a newsletter box heading: "Our Morning Briefing newsletter", "Get X in your inbox"
    return None


def is_caption(s: str, wc: int) -> bool:
    """A photo caption or photo credit line."""
    if wc > 50:
        return False
    if not ends_sentence(s) and (_CREDIT_TAIL.search(s) or _PHOTO_CREDIT_END.search(s)):
        return True
    if s.endswith(")") and _CREDIT_TAIL.search(s):
        return True
    # A caption placing people in the picture is one sentence without the auxiliaries and reporting verbs of prose
    # ("Park (second from left) at a ceremony", not "whether Thomas (left) would get more carries").
    return wc <= 45 and _POSITION.search(s) is not None and s.count(". ") == 0 and not _PROSE_VERB.search(s)


def _headline_like(s: str, wc: int) -> bool:
    return 6 <= wc <= 25 and not ends_sentence(s) and s[:1].isupper()


def find_furniture(squashed: list[str], recurring: Collection[str] = ()) -> Furniture:
    """Mark the furniture among logical lines (whitespace-normalised; "" for blank lines, never marked)."""
    found = Furniture()
    counts = [word_count(s) for s in squashed]
    report = [bool(s) and looks_like_report_sentence(s) for s in squashed]
    first_report = next((i for i, r in enumerate(report) if r), len(squashed))
    last_line = max((i for i, s in enumerate(squashed) if s), default=-1)
    drop = found.drop
    mode: str | None = None  # the open block: "appeal" or "newsletter"
    list_heads: list[int] = []
    buttons = False  # an appeal block has shown its buttons (Once / Monthly / Continue)
    block_lines = 0
    for i, s in enumerate(squashed):
        if not s:
            continue
        wc = counts[i]
        if mode == "appeal":
            if wc <= 6:
                drop[i] = "appeal"
                buttons = buttons or not s.endswith((",", ":"))  # "Dear readers," is a greeting, not a button
                continue
            # Appeal prose addresses the reader (we/our/you) outside quotes; after its buttons, the appeal is over.
            if not buttons and _APPEAL_VOICE.search(without_quotes(s)):
                drop[i] = "appeal"
                continue
            mode = None
        elif mode == "newsletter":
            block_lines += 1
            if block_lines <= 5 and ((wc <= 3 and not ends_sentence(s)) or _NEWSLETTER_BLURB.search(s)):
                drop[i] = "newsletter"
                continue
            mode = None

        if i and _continues(squashed[i - 1], s):
            continue  # the rest of a sentence broken across lines ("… for each\nshare."), not a button
        if (wc <= 15 and _APPEAL_START.match(s)) or s.lower().startswith("a message from "):
            drop[i], mode, buttons = "appeal", "appeal", False
            continue
        reason = _cue(s, wc)
        if reason:
            drop[i] = reason
            if reason == "newsletter" and _NEWSLETTER_HEAD.search(s):
                mode, block_lines = "newsletter", 0
            elif reason == "cue" and _LIST_HEAD.match(s):
                list_heads.append(i)
            continue
        iso = date_line(s)
        if iso:
            drop[i] = "date"
            if i < first_report and found.page_date is None:
                found.page_date = iso
            continue
        if _byline(s, wc, found):
            drop[i] = "byline"
            continue
        if i < first_report and _TEMPERATURE.match(s):
            drop[i] = "weather"
            _drop_widget_neighbours(squashed, i, drop)
            continue
        if _LONE_CREDIT.match(s) and i != last_line:
            drop[i] = "caption"  # a photo credit between paragraphs; on the last line it is the copy's credit
            continue
        if is_caption(s, wc):
            drop[i] = "caption"
            continue
        # Cross-document evidence; a headline near the top may recur across copies of one story, so it stays.
        if (
            recurring
            and not report[i]
            and line_key(s) in recurring
            and not (i <= first_report and _headline_like(s, wc))
        ):
            drop[i] = "recurring"
    _keep_some_text(squashed, drop)
    _drop_link_lists(squashed, counts, report, list_heads, drop)
    # Where the report starts once furniture is gone: a caption sentence above the headline no longer counts.
    found.first_report = next((i for i, r in enumerate(report) if r and i not in drop), len(squashed))
    return found


def _keep_some_text(squashed: list[str], drop: dict[int, str]) -> None:
    """Furniture surrounds an article; it is never all of one. When lines dropped on cross-document evidence alone
    would leave nothing, they stay: short notes that differ only in their numbers ("Document number 7 about the
    harbour.") share one line key (digits are masked), and 3,000 such files were all rejected as furniture."""
    recurring = [i for i, why in drop.items() if why == "recurring"]
    if recurring and all(i in drop for i, s in enumerate(squashed) if s):
        for i in recurring:
            del drop[i]


def _drop_link_lists(
    squashed: list[str], counts: list[int], report: list[bool], heads: list[int], drop: dict[int, str]
) -> None:
    """A heading like "Latest News" or "Related Articles" takes the headline lines under it, once the report is over.

    Runs after the line pass so that "the report is over" ignores sentence-shaped furniture (a cookie banner).
    """
    if not heads:
        return
    last_report = max((i for i, r in enumerate(report) if r and i not in drop), default=-1)
    for head in heads:
        for j in range(head + 1, len(squashed)):
            if not squashed[j] or j in drop:
                continue
            # Link lines are headlines: no terminal period. "He declined to comment." after an ad line stays.
            if j <= last_report or ends_sentence(squashed[j]) or counts[j] > _LIST_CONTINUES_WORDS:
                break
            drop[j] = "list"


def _continues(previous: str, line: str) -> bool:
    """True when `line` carries on the sentence the line right above it left open."""
    if not previous or ends_sentence(previous):
        return False
    return line[0].islower() or ends_open(previous)


def _byline(s: str, wc: int, found: Furniture) -> bool:
    """Byline and time-stamp lines; records the author, credit and date they carry."""
    if wc > 20:
        return False
    m = _BYLINE.match(s)
    if m and (not ends_sentence(s) or DATE_IN_TEXT.search(s)):
        who = m.group("who").strip()
        if is_agency(who):
            found.credit = found.credit or who
        else:
            found.author = found.author or who
        iso = find_date(m.group("rest") or "")
        if iso and found.byline_date is None:
            found.byline_date = iso
        return True
    m = _STAMP.match(s)
    if m and wc <= 15 and _STAMP_REST.match(m.group("rest")) and _STAMP_TAIL.search(m.group("rest")):
        iso = find_date(m.group("rest"))
        if iso and found.byline_date is None:
            found.byline_date = iso
        return True
    return False


def _drop_widget_neighbours(squashed: list[str], i: int, drop: dict[int, str]) -> None:
    """The city or condition line right beside a temperature widget ("Velsund", "Partly Cloudy")."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(squashed) and squashed[j] and j not in drop and _WIDGET_WORD.match(squashed[j]):
            drop[j] = "weather"


def furniture_candidates(text: str) -> list[str]:
    """line_key()s of the lines of a text worth counting across documents (short lines, not report sentences).

    The engine counts each key once per article per site; a key seen in enough articles becomes `recurring`.
    """
    seen: dict[str, None] = {}
    for s in logical_lines(text):
        if not s or word_count(s) > 40 or looks_like_report_sentence(s):
            continue
        key = line_key(s)
        if key:
            seen.setdefault(key, None)
    return list(seen)
