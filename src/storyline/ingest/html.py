"""HTML reader: decode a web page, pull out the article body and the metadata the page carries.

The body comes from trafilatura, then goes through generic corrections, each measured on the Zyte article
extraction benchmark (`storyline.evaluate.extraction`, `benchmarks/extraction_quality.py`):

1. trafilatura with ``favor_precision=True`` and without comments (its defaults keep reader comments and more page
   furniture); the default settings are the fallback when precision mode finds no article.
2. Split-body recovery: CMSs cut one article into sibling containers with the same class (to slot ads, pull quotes
   or related links between them) and trafilatura keeps only one; the `<p>` children of the other containers of
   the same signature nearby are added back in page order.
3. Embedded posts: tweets and Instagram posts quoted inside the body span are part of the story as published, but
   precision mode drops them; they are put back in place.
4. Furniture trimming: short paragraphs that are calls to action ("Sign up for our newsletter", "Read more: …",
   "Follow us on Twitter", "Filed under: …") are dropped, and so are a leading repeat of the headline and a closing
   repeat of the byline. Only short paragraphs are tested, so body text that mentions a subscription survives.
5. A schema.org ``articleBody`` (JSON-LD) replaces the result only when it is a near-superset of it: then the
   extractor missed a paragraph. Many sites put a teaser, an empty string or a different text there, and when the
   two merely agree the extraction keeps its better paragraph structure.

Everything removed is returned in `Draft.removed`, so cleaning can report it.
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import Collection
from typing import Any

import lxml.etree
import lxml.html
import trafilatura
from charset_normalizer import from_bytes
from htmldate import find_date

from storyline.errors import InputError
from storyline.ingest.dates import valid_iso_day
from storyline.ingest.text import bom_codec, clean_text
from storyline.models import Draft, RawDocument

__all__ = ["decode_html", "extract_body", "parse_html"]

# `<meta charset="...">` or `<meta http-equiv="Content-Type" content="text/html; charset=...">`, in the head.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_TAG = re.compile(rb"<\s*[A-Za-z!?/]")
# libxml2 checks each attribute of a tag against all the ones before it (20,000 attributes: 0.4 s to parse), and
# trafilatura and htmldate then walk them all: a page with a 200,000-attribute tag had not been read after 150 s.
# No page needs more than a few dozen; the surplus is cut before parsing (0.04 s for that page).
_MAX_ATTRIBUTES = 256
# One attribute as the HTML5 tokenizer reads it: separators (whitespace, stray slashes), a name, an optional value,
# quoted or not. Atomic and possessive, so that no input makes the match backtrack (a tag name or a tag with fewer
# attributes than the limit fails in one pass).
_SPACE = r"\t\n\f\r "
_ATTRIBUTE = (
    rf"(?>[{_SPACE}/]*+[^{_SPACE}/>][^{_SPACE}/>=]*+"
    rf"""(?:[{_SPACE}]*+=[{_SPACE}]*+(?:"[^"]*+"|'[^']*+'|[^{_SPACE}>]*+))?)"""
)
# A start tag; group `kept` is the tag up to the last attribute kept, the rest is the surplus. Every tag is taken
# whole, so that a "<" inside a quoted attribute value is not mistaken for the start of another tag.
_START_TAG = rf"(?P<kept><[A-Za-z][^{_SPACE}/>]*+{_ATTRIBUTE}{{0,{_MAX_ATTRIBUTES}}}){_ATTRIBUTE}*+"
# Comments and the content of scripts and styles hold no tags for the parser (a "<" in them is code or JSON-LD
# text), so they are passed over whole: trimming there would only corrupt them. Unclosed, they run to the end, as
# in a browser, which also keeps the scan linear. A script tag with too many attributes fails here (no ">" after
# the last one allowed) and is trimmed as a start tag.
_PASSED_OVER = (
    r"<!--.*?(?:-->|\Z)"
    rf"|<(?P<raw>script|style)\b{_ATTRIBUTE}{{0,{_MAX_ATTRIBUTES}}}[{_SPACE}/]*+>.*?(?:</(?P=raw)|\Z)"
)
_TAG_SCAN = re.compile(f"{_PASSED_OVER}|{_START_TAG}", re.IGNORECASE | re.DOTALL)
# A numeric character reference. libxml2 turns &#1; or &#xFFFF; into the character itself, which lxml then refuses
# to copy ("All strings must be XML compatible"), so trafilatura gives up and the page loses its article.
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9A-Fa-f]{1,8})|([0-9]{1,10}));?")
# libxml2 stops reading a page nested deeper than this, and says so in its error log.
_TOO_DEEP = "Excessive depth"
_TOKEN = re.compile(r"\w+")
_WS = re.compile(r"[ \t\r\f\v\u00a0]+")

# Calls to action and link furniture. Tested only on short paragraphs (see _is_furniture), so that an article body
# paragraph that happens to contain one of these words is kept.
_FURNITURE = re.compile(
    r"""(?ix)
      \bnewsletters?\b | \binbox\b
    | ^(?:read|see)\ (?:more|also)\s*[:|] | ^also\ on\b | ^you\ (?:may|might)\ also\ (?:like|enjoy)\b
    | ^\[?related(?:\ (?:posts?|articles?|stories|coverage|reading|content))?\s*:
    | ^more\ from\b | ^recommended\s*: | ^(?:watch|listen)\s*: | ^advertisement$
    | \bshare\ (?:it|this\ (?:story|article|post))\b | \bclick\ here\b | ^filed\ under\b | \bhave\ a\ (?:news\ )?tip\b
    | \bfollow\ (?:us|him|her|them|[A-Z][\w.'’-]*)\ on\ (?:twitter|facebook|instagram|linkedin)\b
    | ^follow\b.{0,80}\bon\ (?:twitter|facebook|instagram|linkedin|youtube)\b
    | ^\(?(?:additional\ )?(?:reporting|writing)\ by\b.{0,250}\bedit(?:ing|ed)\ by\b   # wire credits (Reuters style)
    | ^(?:reading\ time|tempo\ de\ leitura|lesezeit)\s*: | ^\d+\s*min(?:ute)?s?\ read$
    | \[(?:insight|video|reaction|pictures|poll|photos|gallery|latest)\]\W*$ | \ball\ rights\ reserved\b
    | \b(?:may|can)\ be\ reached\ at\b | \bdelivered\ (?:to|through)\ your\b
    | \[/\w+\]                                   # a WordPress shortcode left unrendered: "[button ...]...[/button]"
    | ^tell\ us\ what\ you\ think\b | ^leave\ a\ (?:comment|reply)\b | ^(?:\d+\ )?comments?$
    | ^join\ the\ conversation\b
    """
)
# Weaker signals: only on very short paragraphs, because reporting about subscriptions uses the same words.
_FURNITURE_SHORT = re.compile(r"(?i)\bsubscri(?:be|ption)\b|^(?:advertisement|sponsored)\b")
_FURNITURE_MAX_CHARS = 300
_FURNITURE_SHORT_MAX_CHARS = 160
# Headings of link widgets, whose list items go with them.
_LINK_LIST_HEAD = re.compile(r"(?i)^\[?(?:related|see also|read more|more on this|you (?:may|might) also like)\b")
_LIST_ITEM = re.compile(r"^[-•*]\s")
# A page whose body is shorter than this, or has no paragraph of a sentence's length, holds no article.
_MIN_ARTICLE_WORDS = 20
_MIN_SENTENCE_WORDS = 10


def decode_html(data: bytes) -> str:
    """Decode HTML bytes to text (see `_decode_html`), without control characters or lone surrogates."""
    return clean_text(_decode_html(data))


def _decode_html(data: bytes) -> str:
    """BOM, strict UTF-8, the declared charset (meta or XML prolog), then detection.

    UTF-8 goes before the declaration because pages often declare Latin-1 or Windows-1252 while serving UTF-8, and
    those single-byte codecs never fail, so they would silently give mojibake; text in another encoding, on the
    other hand, is almost never valid UTF-8 by accident. charset-normalizer handles undeclared legacy encodings, and
    Windows-1252 with replacement characters is the last resort, so decoding itself never fails.
    """
    codec = bom_codec(data)
    if codec:
        return data.decode(codec, errors="replace").lstrip("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    head = data[:8192]
    declared = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii", "ignore"))
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong or unknown declaration: fall through to detection
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding, errors="replace")
        except LookupError:
            pass
    return data.decode("cp1252", errors="replace")


def trim_crowded_tags(html: str) -> str:
    """The page with attributes beyond the first `_MAX_ATTRIBUTES` of any tag removed (see `_MAX_ATTRIBUTES`)."""
    return _TAG_SCAN.sub(_trimmed, html)


def _trimmed(match: re.Match[str]) -> str:
    kept = match.group("kept")
    return match.group(0) if kept is None else kept


def _neutralise_char_refs(html: str) -> str:
    """The page with numeric references to control characters and noncharacters replaced as `clean_text` would
    replace the characters (most by nothing). References to U+0080-U+009F stay: HTML reads them as cp1252."""
    return _CHAR_REF.sub(_char_ref, html) if "&#" in html else html


def _char_ref(match: re.Match[str]) -> str:
    hexadecimal, decimal = match.groups()
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    if code > 0x10FFFF or 0x80 <= code <= 0x9F:
        return match.group(0)
    cleaned = clean_text(chr(code))
    return match.group(0) if cleaned == chr(code) else cleaned


def _clean(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _key(text: str) -> str:
    """Paragraph identity for matching text against DOM elements: lower-cased word tokens."""
    return " ".join(_TOKEN.findall(text.lower()))


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text.lower())
    return Counter(tuple(tokens[i : i + 4]) for i in range(max(1, len(tokens) - 3)) if tokens[i : i + 4])


def _overlap(a: str, b: str) -> tuple[float, float]:
    """Share of a's shingles found in b, and of b's found in a."""
    sa, sb = _shingles(a), _shingles(b)
    common = sum((sa & sb).values())
    return common / max(1, sum(sa.values())), common / max(1, sum(sb.values()))


def _parse_tree(source_path: str, html: str) -> tuple[lxml.html.HtmlElement, bool]:
    """The page's tree, and whether the parser stopped early because the page is nested too deeply."""
    if not _TAG.search(html[:65536].encode("utf-8", "ignore")):
        raise InputError(source_path, "not HTML: no tags found; give it the .txt extension or fix the file")
    try:
        # lxml refuses str input that carries its own encoding declaration; the text is already decoded.
        parser = lxml.html.HTMLParser(remove_comments=True, encoding="utf-8")
        safe = trim_crowded_tags(_neutralise_char_refs(html))
        tree = lxml.html.fromstring(safe.encode("utf-8", "surrogatepass"), parser=parser)
    except (lxml.etree.ParserError, ValueError, UnicodeError) as exc:
        raise InputError(source_path, f"malformed HTML that could not be parsed: {exc}") from None
    if tree is None:
        raise InputError(source_path, "malformed HTML that could not be parsed: empty document")
    return tree, any(_TOO_DEEP in error.message for error in parser.error_log)


def _copy(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    # trafilatura prunes the tree it is given; each extraction pass needs a fresh copy.
    return copy.deepcopy(tree)


def _trafilatura(tree: lxml.html.HtmlElement, url: str | None, **options: Any) -> Any:
    try:
        return trafilatura.bare_extraction(_copy(tree), url=url, include_comments=False, with_metadata=True, **options)
    except (ValueError, TypeError, AttributeError, RecursionError, lxml.etree.LxmlError):
        # trafilatura can trip on pathological trees; treat that as "nothing found" and let the caller decide.
        return None


def _json_ld_bodies(tree: lxml.html.HtmlElement) -> list[str]:
    """schema.org `articleBody` strings from the page's JSON-LD, HTML stripped."""
    bodies: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            body = node.get("articleBody")
            if isinstance(body, str) and body.strip():
                bodies.append(body)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            walk(json.loads(script.text or "", strict=False))
        except (ValueError, RecursionError):
            continue
    return [_html_fragment_text(b) for b in bodies]


def _html_fragment_text(fragment: str) -> str:
    """Text of an `articleBody` that may itself be HTML, one paragraph per block element or line."""
    if "<" not in fragment:
        return "\n".join(_clean(line) for line in fragment.splitlines() if line.strip())
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return ""
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "blockquote"):
        block.tail = "\n" + (block.tail or "")
    text = root.text_content()
    return "\n".join(_clean(line) for line in text.splitlines() if line.strip())


def _signature(el: lxml.html.HtmlElement) -> tuple[str, str]:
    return el.tag if isinstance(el.tag, str) else "", " ".join(sorted((el.get("class") or "").split()))


_SENTENCE_END = re.compile(r"[.!?:;…\"'”’)\]]$")


def _unwrap(lines: list[str]) -> list[str]:
    """Re-join hard-wrapped lines (`<br>` inside a paragraph): a line without closing punctuation followed by one that
    starts in lower case continues the same sentence."""
    out: list[str] = []
    for line in lines:
        if out and not _SENTENCE_END.search(out[-1]) and line[:1].islower():
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _paragraph_index(tree: lxml.html.HtmlElement) -> dict[str, lxml.html.HtmlElement]:
    """First `<p>` element for each paragraph text of the page, keyed by `_key`."""
    by_key: dict[str, lxml.html.HtmlElement] = {}
    for p in tree.iter("p"):
        key = _key(p.text_content())
        if key and key not in by_key:
            by_key[key] = p
    return by_key


def _merge_in_order(
    tree: lxml.html.HtmlElement,
    paragraphs: list[str],
    by_key: dict[str, lxml.html.HtmlElement],
    extra: list[tuple[lxml.html.HtmlElement, str]],
) -> list[str]:
    """Insert extra (element, text) paragraphs among the extracted ones by document position.

    Extracted paragraphs not found in the DOM (headings, list items) keep their place after the previous found one.
    """
    order = {el: i for i, el in enumerate(tree.iter())}
    merged: list[tuple[float, int, str]] = []
    last = -1.0
    for i, text in enumerate(paragraphs):
        el = by_key.get(_key(text))
        pos = float(order[el]) if el is not None and el in order else last + 1e-3
        last = pos
        merged.append((pos, i, text))
    for j, (el, text) in enumerate(extra):
        # Sub-positions keep the several lines of one element (a tweet and its credit line) in their order.
        merged.append((float(order.get(el, 1e12)) + j * 1e-6, len(paragraphs) + j, text))
    merged.sort()
    return [text for _, _, text in merged]


def _recover_split_body(
    tree: lxml.html.HtmlElement, paragraphs: list[str], by_key: dict[str, lxml.html.HtmlElement]
) -> list[str]:
    """Add paragraphs from sibling containers that share the class of the body's container (split articles).

    Only `<p>` children of containers with the very same tag and class set, under the same grandparent, are taken:
    that is how templates repeat a body chunk, and it is narrow enough not to pull in teasers or comments.
    """
    matched = [by_key[k] for k in (_key(t) for t in paragraphs) if k in by_key]
    if len(matched) < 2:
        return paragraphs
    parents = Counter(p.getparent() for p in matched if p.getparent() is not None)
    if not parents:
        return paragraphs
    container, _ = parents.most_common(1)[0]
    signature = _signature(container)
    if not signature[1]:
        return paragraphs  # an unclassed div is too common a signature to mean "another chunk of the body"
    grandparent = container.getparent()
    scope = grandparent.getparent() if grandparent is not None else None
    if scope is None:
        return paragraphs
    siblings = [el for el in scope.iter(container.tag) if el is not container and _signature(el) == signature]
    known = {_key(t) for t in paragraphs}
    extra: list[tuple[lxml.html.HtmlElement, str]] = []
    for chunk in siblings:
        for p in chunk.iterchildren("p"):
            text = _clean(p.text_content())
            if len(text) >= 40 and _key(text) not in known:
                extra.append((p, text))
    if not extra or sum(len(text) for _, text in extra) < 200:
        return paragraphs
    return _merge_in_order(tree, paragraphs, by_key, extra)


# Social posts embedded with the platforms' standard markup: the quoted post is part of the story as published.
_EMBEDS = (
    '//blockquote[contains(@class, "twitter-tweet") or contains(@class, "instagram-media")'
    ' or contains(@class, "tiktok-embed")]'
)


def _embed_lines(embed: lxml.html.HtmlElement) -> list[str]:
    """Lines of an embedded post: each `<p>` of it, then the credit line ("— Name (@handle) date") that follows."""
    lines = [_clean(p.text_content()) for p in embed.iter("p")]
    credit = embed.text_content()
    for line in lines:
        credit = credit.replace(line, "", 1) if line else credit
    lines.append(_clean(credit))
    return [line for line in lines if line]


def _recover_embeds(
    tree: lxml.html.HtmlElement, paragraphs: list[str], by_key: dict[str, lxml.html.HtmlElement]
) -> list[str]:
    """Add embedded social posts (tweets and the like) that sit between the first and last extracted paragraphs.

    Extractors in precision mode drop them as foreign markup; embeds outside the body's span (sidebars) stay out.
    """
    embeds = tree.xpath(_EMBEDS)
    if not embeds:
        return paragraphs
    matched = [by_key[k] for k in (_key(t) for t in paragraphs) if k in by_key]
    if len(matched) < 2:
        return paragraphs
    order = {el: i for i, el in enumerate(tree.iter())}
    first, last = min(order[p] for p in matched), max(order[p] for p in matched)
    present = _shingles("\n".join(paragraphs))
    extra: list[tuple[lxml.html.HtmlElement, str]] = []
    for embed in embeds:
        if not first < order.get(embed, -1) < last:
            continue
        lines = _embed_lines(embed)
        wanted = _shingles("\n".join(lines))
        if sum((wanted & present).values()) >= 0.5 * max(1, sum(wanted.values())):
            continue  # the extractor already kept this post
        extra.extend((embed, line) for line in lines)
    return _merge_in_order(tree, paragraphs, by_key, extra) if extra else paragraphs


def _is_furniture(paragraph: str) -> bool:
    if len(paragraph) <= _FURNITURE_MAX_CHARS and _FURNITURE.search(paragraph):
        return True
    return len(paragraph) <= _FURNITURE_SHORT_MAX_CHARS and bool(_FURNITURE_SHORT.search(paragraph))


def _headlines(tree: lxml.html.HtmlElement, doc: Any) -> list[str]:
    """The page's headline as its metadata and its first `<h1>` give it (they often differ in wording)."""
    titles = [doc.title] if doc.title else []
    titles += tree.xpath('//meta[@property="og:title" or @name="twitter:title"]/@content')[:2]
    titles += [h.text_content() for h in tree.xpath("//h1")[:2]]
    return [t for t in titles if isinstance(t, str) and t.strip()]


def _is_headline(paragraph: str, title: str) -> bool:
    """Whether a paragraph is the page's headline: its words are (most of) the title's."""
    first, head = _key(paragraph), _key(title)
    if not first or not head or len(paragraph) > 300:
        return False
    # Titles carry extras ("… | Site name") and headlines drop words, but the two must be of about the same length.
    n_first, n_head = len(first.split()), len(head.split())
    return (first in head or head in first) and 0.5 * n_head <= n_first <= 1.5 * n_head


def _drop_furniture(paragraphs: list[str], link_texts: Collection[str] = ()) -> tuple[list[str], list[str]]:
    """Split paragraphs into (kept, removed furniture); never removes everything.

    A list right under a removed "Related:" / "See also:" line is that widget's links and goes with it.
    """
    kept, removed = [], []
    in_link_list = False
    for paragraph in paragraphs:
        if _is_furniture(paragraph) or (in_link_list and _LIST_ITEM.match(paragraph) and len(paragraph) < 200):
            removed.append(paragraph)
            in_link_list = in_link_list or bool(_LINK_LIST_HEAD.search(paragraph))
        else:
            kept.append(paragraph)
            in_link_list = False
    if not kept:  # everything looked like furniture: better to keep it than to lose the page
        return paragraphs, []
    # A closing run of list items that are each a whole link is a block of links to other stories ("- Photos:
    # Europa, …") left without its "Related" heading; a list of facts or steps is text, not links.
    tail = len(kept)
    while tail > 1 and _LIST_ITEM.match(kept[tail - 1]) and _key(kept[tail - 1]) in link_texts:
        tail -= 1
    if len(kept) - tail >= 2:
        removed.extend(kept[tail:])
        kept = kept[:tail]
    return kept, removed


def _tidy(lines: list[str], headlines: list[str], link_texts: Collection[str] = ()) -> tuple[list[str], list[str]]:
    """Final paragraphs and removed strings: furniture out, a leading repeat of the headline out, wrapped lines joined.

    Both tests work line by line, so they run before unwrapping ("Comments" or the headline on a line of its own).
    """
    kept, removed = _drop_furniture([line for line in lines if line.strip()], link_texts)
    if len(kept) > 1 and any(_is_headline(kept[0], title) for title in headlines):
        # The headline is the Draft's title_hint already; repeated as the body's first line it would count twice
        # in duplicate detection and clustering.
        removed.insert(0, kept.pop(0))
    return _unwrap(kept), removed


def extract_body(tree: lxml.html.HtmlElement, url: str | None = None) -> tuple[str, Any, list[str]]:
    """The article body of a parsed page as paragraphs joined by blank lines, trafilatura's document, removed strings.

    Returns an empty body when the page has no recognisable article.
    """
    doc = _trafilatura(tree, url, favor_precision=True)
    if doc is None or not _looks_like_article((doc.text or "").replace("\n", "\n\n")):
        # Precision mode gives up on some short or unusual pages that the default settings still read.
        fallback = _trafilatura(tree, url)
        if fallback is not None and len(fallback.text or "") > len((doc.text or "") if doc is not None else ""):
            doc = fallback
    if doc is None or not (doc.text or "").strip():
        return "", doc, []
    paragraphs = [_clean(line) for line in doc.text.splitlines() if line.strip()]
    by_key = _paragraph_index(tree)
    paragraphs = _recover_split_body(tree, paragraphs, by_key)
    paragraphs = _recover_embeds(tree, paragraphs, by_key)
    headlines = _headlines(tree, doc)
    link_texts = {_key(a.text_content()) for a in tree.iter("a")}
    kept, removed = _tidy(paragraphs, headlines, link_texts)
    text = "\n".join(kept)
    for body in _json_ld_bodies(tree):
        candidate, candidate_removed = _tidy(body.splitlines(), headlines, link_texts)
        # Only a superset is worth taking: when the publisher's copy holds all the extracted text plus a little more,
        # the extractor dropped a paragraph; when the two merely agree, the extraction is as good and keeps its
        # paragraph structure. A much longer copy is a different text (a live blog, a whole series) and is ignored.
        in_body, in_text = _overlap(text, "\n".join(candidate))
        if in_body >= 0.99 and 0.8 <= in_text <= 0.99:
            kept, removed = candidate, candidate_removed
            break
    if len(kept) > 1 and doc.author and _key(kept[-1]) in {_key(doc.author), _key(f"By {doc.author}")}:
        # A sign-off repeating the byline ("Northwind Agency" under a wire story) is credit, not body; the author
        # is kept as the Draft's author_hint.
        removed.append(kept.pop())
    return "\n\n".join(kept), doc, removed


def _looks_like_article(text: str) -> bool:
    """At least one real sentence and a little more: rules out menus, link lists and error stubs.

    The defaults' fallback extractors return a site's navigation when a page has no body (a section front, a
    login wall); such output is a list of short link labels, never a paragraph of ten words.
    """
    words = _TOKEN.findall(text)
    longest = max((len(_TOKEN.findall(p)) for p in text.split("\n\n")), default=0)
    return len(words) >= _MIN_ARTICLE_WORDS and longest >= _MIN_SENTENCE_WORDS


def _published(tree: lxml.html.HtmlElement, doc: Any, url: str | None) -> tuple[str | None, str | None]:
    """Publication date and how it was found: page metadata (meta tags, JSON-LD, time elements) or the page text.

    A date that is not a real day between 1900 and next year counts as none (see `storyline.ingest.dates`).
    """
    try:
        found = find_date(tree, extensive_search=False, original_date=True, url=url)
    except (ValueError, TypeError, AttributeError, RecursionError, lxml.etree.LxmlError):
        found = None
    if found and valid_iso_day(found):
        return found, "metadata"
    page = str(doc.date)[:10] if doc is not None and doc.date else None
    if page and valid_iso_day(page):
        return page, "page"
    return None, None


def _no_article(source_path: str, truncated: bool) -> InputError:
    if truncated:
        return InputError(
            source_path,
            "HTML nested too deeply: the parser stops at 256 levels of tags and found no article text before that "
            "(the page is broken or generated; save its text as .txt instead)",
        )
    return InputError(
        source_path,
        "no article text found in HTML (the page may be an index, a login wall, or rendered by JavaScript)",
    )


def _optional(text: str | None) -> str | None:
    return clean_text(_clean(text)) if text else None


def parse_html(raw: RawDocument) -> Draft:
    """Read one HTML page into a Draft: article body (paragraphs separated by blank lines) and metadata hints.

    Raises InputError when the bytes are not HTML, cannot be parsed, or hold no article text.
    """
    if not raw.content.strip():
        raise InputError(raw.source_path, "empty file: no HTML to read")
    if raw.content.startswith(b"\x1f\x8b"):
        # Compressed bytes decode to mojibake that can pass for text: the readers decompress (sources.py); bytes
        # that reach the parser still compressed are refused.
        raise InputError(raw.source_path, "gzip data, not HTML: decompress it first (the readers do, for files)")
    html = decode_html(raw.content)
    tree, truncated = _parse_tree(raw.source_path, html)
    url = raw.fields.get("url") if raw.fields else None
    text, doc, removed = extract_body(tree, url)
    if not _looks_like_article(text):
        raise _no_article(raw.source_path, truncated)
    published, how = _published(tree, doc, url)
    # Character references (&#1;, &#xFFFF;) put back into the tree what decoding removed: cleaned once more.
    return Draft(
        source_path=raw.source_path,
        content_hash=raw.content_hash,
        text=clean_text(text),
        format="html",
        title_hint=_optional(doc.title),
        published_hint=published,
        published_hint_how=how,  # type: ignore[arg-type]
        outlet_hint=_optional(doc.sitename),
        author_hint=_optional(doc.author),
        url=doc.url or url,
        removed=removed,
    )
