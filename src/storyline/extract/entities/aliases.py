"""Cross-article alias resolution without a knowledge base: which mentions name the same person, organisation or place.

Rules, each cheap and local (no all-pairs comparison; candidates come from hash keys, so cost is near-linear):

1. **Name key.** A mention's name (its in-article `resolved` form, else its text) is normalised: accents and
   punctuation dropped, a leading "the" and a trailing possessive removed, titles stripped from people ("Mr",
   "President", "Ambassador"...), corporate suffixes from organisations ("Inc.", "Corp."). Equal keys merge.
2. **Type groups.** PER, ORG, GEO (GPE/LOC), NORP, PRODUCT, MISC do not merge across groups (a person never joins
   an organisation or a place), except where rules 4 and 5 say so. spaCy's label for one string wobbles between
   articles, so every key first takes the group most of its mentions have.
3. **People.** Two full names merge when their first and last tokens agree after transliteration folding
   (Yevgeny/Evgeniy, Aleksei/Alexei, Orlovsky/Orlovski, Min-jun/Min Jun) and middle tokens (patronymics,
   middle names) may be missing on one side. Candidates share the skeleton of the last token. A lone surname joins
   the *unique* full name ending (or, failing that, starting: "Park" for "Park Min Jun") with it; two candidates,
   no merge.
4. **Acronyms.** An all-capitals key (BPA, UAE, GM) joins the unique multi-word name whose content-word
   initials spell it (ORG and GEO may meet here: the model labels "UAE" either way). An acronym an article defines
   in brackets ("the UAE (Emirates)", "Baltic Ports Authority (BPA)") joins its bare uses everywhere.
5. **Demonyms and state names.** "<Demonym> Federation/Republic/Kingdom" and the adjective itself (NORP) join the
   unique place the demonym is spelt from (Brazilian -> Brazil; North Macedonian -> North Macedonia).
   Spelling only (Brazil-ian, Chin-ese, Canad-ian), no list of countries: the only "knowledge" is a few endings.
6. **House names.** An organisation whose name extends a shorter one's joins it (Ford Motor Company -> Ford,
   Northrop <- Northrop Grumman), one family of extensions per house name and never for an everyday word
   ("United" does not absorb "United Nations").

Merges go through a union-find that refuses to join two clusters holding incompatible full person names, so a
chain of lone-surname joins can never glue two different people together.

**Canonical name**: the most frequent surface form of the cluster (titles and a leading "the" removed) among the
mentions of the cluster's own kind (the place "Brazil", not the commoner adjective "Brazilian"); for people only full
names (two tokens or more) compete when there is one ("Yevgeny Orlovsky", 4 uses, beats "Evgeniy Orlovsky"
and "Evgeniy Petrovich Orlovski", 1 each, and the frequent bare "Orlovsky"). Ties go to the form with more
tokens, then the alphabetically first. Aliases are the other surface forms, as written ("Mr Orlovsky") and without
titles ("Evgeniy Orlovsky"), most frequent first.

Known limits: no world knowledge, so nicknames (Bernie/Bernard), renamings and metonyms (Brasilia for the Brazilian
government) stay apart; an acronym with two expansions in the corpus stays alone; a key takes its majority type,
so a string naming both a person and a place (Washington) becomes one of them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache

from storyline.models import Entity, Mention, NameKey

__all__ = [
    "HONORIFICS",
    "TITLE_MODIFIERS",
    "filter_keys",
    "group_of",
    "initials",
    "is_demonym_of",
    "is_title",
    "name_keys",
    "name_tokens",
    "resolve_entities",
    "same_person",
    "same_token",
    "translit",
]

# Titles that may precede a person's name (compared lower-cased, without the final dot).
HONORIFICS = frozenset(
    """mr mrs ms miss mx dr prof professor president ambassador minister senator sen rep representative governor gov
    general gen lt col colonel captain capt major chancellor king queen prince princess pope sir dame lord lady judge
    justice secretary chairman chairwoman chair premier mayor envoy comrade marshal admiral sheikh executive ceo leader
    director commissioner spokesman spokeswoman st saint father rev reverend cardinal bishop sergeant sgt congressman
    congresswoman councillor""".split()
)
# Words that are titles only in front of one ("Prime Minister", "Foreign Secretary", "Vice President").
TITLE_MODIFIERS = frozenset(
    """prime foreign defence defense vice deputy chief former acting first interior finance trade health home justice
    economy economic energy labour labor transport attorney culture education environment industry agriculture
    assistant associate managing""".split()
)
# Corporate suffixes dropped from organisation keys: "Apple Inc." and "Apple" are one company.
_ORG_SUFFIXES = frozenset("inc incorporated corp corporation co ltd limited llc plc nv ag sa gmbh spa bv lp".split())
# Words that add nothing to a house name: "Ford Motor Company" is Ford, "Apple Computer" is Apple.
_CORPORATE_WORDS = frozenset(
    "motor motors company computer computers group holding holdings international corporation industries".split()
)
# Zipf frequency from which a word is everyday English (united 5.5, bank 5.2, congress 4.9; apple 4.8, ford 4.5).
_COMMON_ZIPF = 4.85
# Words skipped when spelling an acronym from a name ("United Arab Emirates" -> UAE).
_ACRONYM_SKIP = frozenset("of and the for de du des la le in on at to a an &".split())
# Second words that make "<Demonym> X" a formal state name.
_STATE_WORDS = frozenset("federation republic kingdom empire confederation commonwealth principality emirate".split())
_GROUPS = {"PER": "PER", "ORG": "ORG", "GPE": "GEO", "LOC": "GEO", "FAC": "GEO", "NORP": "NORP", "PRODUCT": "PRODUCT"}
# When a key's mentions are split evenly between groups, this order decides (deterministically).
_GROUP_ORDER = ("PER", "ORG", "GEO", "NORP", "PRODUCT", "MISC")
_GROUP_TYPE = {"PER": "PER", "ORG": "ORG", "NORP": "NORP", "PRODUCT": "PRODUCT", "MISC": "MISC"}
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_VOWELS = frozenset("aeiou")


def group_of(mention_type: str) -> str:
    """The merge group of a mention type: types in different groups never merge (GPE, LOC and FAC share GEO)."""
    return _GROUPS.get(mention_type, "MISC")


@lru_cache(maxsize=131072)
def _fold(text: str) -> str:
    """Accents stripped, curly quotes straightened, dots removed ("U.S." -> "US")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("’", "'").replace("‘", "'").replace(".", "")


@lru_cache(maxsize=131072)
def name_tokens(text: str, group: str) -> tuple[str, ...]:
    """Lower-case tokens of a name, without a leading "the", a trailing possessive, and (for people) titles or (for
    organisations) corporate suffixes. Hyphens split tokens, so "Min-jun" and "Min Jun" agree."""
    raw = _TOKEN.findall(_fold(text))
    tokens = [t.lower() for t in raw]
    if tokens and tokens[-1].endswith("'s"):
        tokens[-1] = tokens[-1][:-2]
    if len(tokens) > 1 and tokens[0] in ("the", "a", "an"):
        tokens = tokens[1:]
    if group == "PER":
        while len(tokens) > 1 and is_title(tokens[0], tokens[1]):
            tokens = tokens[1:]
        while len(tokens) > 1 and tokens[-1] in ("jr", "sr", "ii", "iii"):
            tokens = tokens[:-1]
    elif group == "ORG":
        while len(tokens) > 1 and tokens[-1] in _ORG_SUFFIXES:
            tokens = tokens[:-1]
    return tuple(t for t in tokens if t)


def is_title(word: str, following: str = "") -> bool:
    """`word` (lower-case, dot optional) is a title, or a title modifier before one ("prime" in "Prime Minister")."""
    word, following = word.rstrip("."), following.rstrip(".").lower()
    return word in HONORIFICS or (word in TITLE_MODIFIERS and (following in HONORIFICS or following in TITLE_MODIFIERS))


@lru_cache(maxsize=131072)
def display_form(text: str, group: str) -> str:
    """A surface form as shown to readers: a leading "the" kept only when one word follows ("the North"), a trailing
    possessive dropped, and for the canonical choice titles removed from people (see `canonical_form`)."""
    text = " ".join(text.split())
    text = re.sub(r"['’]s?$", "", text) if re.search(r"\w['’]s?$", text) and group != "PRODUCT" else text
    words = text.split()
    if len(words) > 2 and words[0] in ("the", "The"):
        text = " ".join(words[1:])
    return text


@lru_cache(maxsize=131072)
def canonical_form(text: str, group: str) -> str:
    """`display_form` without leading titles for people ("President Marta Lind" -> "Marta Lind")."""
    text = display_form(text, group)
    if group == "PER":
        words = text.split()
        while len(words) > 1 and is_title(words[0].lower(), words[1]):
            words = words[1:]
        text = " ".join(words)
    return text


@lru_cache(maxsize=131072)
def translit(token: str) -> str:
    """Fold common romanisation variants of one lower-case token to a single spelling.

    ks/x, kh/h, ck/k, ph/f, w/v, c/k, q/k, z/s, j and y/i, and doubled letters are conflated; a leading "ye" becomes
    "e" (Yevgeny/Evgeniy). Aggressive on purpose: it only ever compares tokens of names already blocked together.
    """
    t = token
    if t.startswith("ye"):
        t = t[1:]
    for a, b in (("ks", "x"), ("kh", "h"), ("ck", "k"), ("ph", "f"), ("w", "v"), ("c", "k"), ("q", "k"), ("z", "s")):
        t = t.replace(a, b)
    t = t.replace("j", "i").replace("y", "i")
    return re.sub(r"(.)\1+", r"\1", t)


def skeleton(token: str) -> str:
    """First letter plus consonants of the transliterated token: the blocking key for name tokens."""
    t = translit(token)
    return t[:1] + "".join(ch for ch in t[1:] if ch not in _VOWELS)


def _one_vowel_apart(a: str, b: str) -> bool:
    """True when the longer string is the shorter with one vowel inserted (Aleksei/Alexei after folding)."""
    if len(a) > len(b):
        a, b = b, a
    if len(b) != len(a) + 1 or len(a) < 4:
        return False
    for i, ch in enumerate(b):
        if b[:i] + b[i + 1 :] == a:
            return ch in _VOWELS
    return False


def same_token(a: str, b: str) -> bool:
    """Two name tokens spell the same name: equal after transliteration folding, or one vowel apart.
    A substituted letter never matches (Maria/Mario are different people)."""
    if a == b:
        return True
    ta, tb = translit(a), translit(b)
    return ta == tb or _one_vowel_apart(ta, tb)


def _initial_ok(a: str, b: str) -> bool:
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)) or same_token(a, b)


def same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two full names (two tokens or more) of one person: first and last tokens agree (an initial matches a first
    name), the middle tokens of the shorter appear in order in the longer (patronymics may be missing)."""
    if len(a) < 2 or len(b) < 2:
        return False
    if "".join(map(translit, a)) == "".join(map(translit, b)):
        return True  # "Park Minjun" vs "Park Min Jun"
    if not same_token(a[-1], b[-1]) or not _initial_ok(a[0], b[0]):
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    rest = iter(long_[1:-1])
    return all(any(same_token(t, u) or _initial_ok(t, u) for u in rest) for t in short[1:-1])


def initials(tokens: Iterable[str]) -> str:
    """Initials of the content words of a name, upper-case: ("baltic", "ports", "authority") -> "BPA"."""
    return "".join(t[0] for t in tokens if t not in _ACRONYM_SKIP and t[0].isalpha()).upper()


def looks_like_acronym(text: str) -> bool:
    """All capitals (dots allowed), 2 to 7 letters: BPA, UAE, U.S., GM."""
    letters = _fold(text).replace("&", "")
    return 2 <= len(letters) <= 7 and letters.isalpha() and letters.isupper()


class _UnionFind:
    """Union-find over cluster ids that keeps, per root, the full person names it holds, to refuse bad unions."""

    def __init__(self, n: int, persons: list[tuple[str, ...] | None]) -> None:
        self.parent = list(range(n))
        self.persons: list[list[tuple[str, ...]]] = [[p] if p else [] for p in persons]

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        # Never join two clusters whose full person names disagree: that is how two Kims would get glued.
        for p in self.persons[ra]:
            for q in self.persons[rb]:
                if not same_person(p, q):
                    return False
        if ra > rb:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.persons[ra].extend(self.persons[rb])
        self.persons[rb] = []
        return True


def _key_groups(mentions: list[Mention]) -> tuple[list[tuple[str, ...]], dict[tuple[str, ...], str]]:
    """Each mention's name tokens, and the majority group of every key (votes within and across articles)."""
    votes: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    keys = []
    for m in mentions:
        group = group_of(m.type)
        key = name_tokens(m.resolved or m.text, group)
        keys.append(key)
        votes[key][group] += 1
    chosen = {}
    for key, counter in votes.items():
        best = max(counter.values())
        chosen[key] = next(g for g in _GROUP_ORDER if counter.get(g) == best)
    return keys, chosen


def _in_context(candidates: list[int], context: str | None, contexts: list[frozenset[str]]) -> list[int]:
    """The candidates that share the node's context (its story), when it has one and any do; else all of them: a
    name unique in its own story is resolved there, one alone in its story against the whole store."""
    if context is None:
        return candidates
    local = [j for j in candidates if context in contexts[j]]
    return local or candidates


def _merge_people(
    nodes: list[tuple[tuple[str, ...], str]],
    uf: _UnionFind,
    node_context: list[str | None],
    contexts: list[frozenset[str]],
) -> None:
    """Rule 3: full names blocked by the skeleton of their last token, then lone names joined to a unique full one
    (unique in the lone name's own context first, see `resolve_entities`)."""
    by_last: dict[str, list[int]] = defaultdict(list)
    by_first: dict[str, list[int]] = defaultdict(list)
    for i, (key, group) in enumerate(nodes):
        if group == "PER" and len(key) >= 2:
            by_last[skeleton(key[-1])].append(i)
            by_first[skeleton(key[0])].append(i)
    for block in by_last.values():
        # Blocks are names sharing a surname skeleton: small, so pairs inside them are cheap.
        for x, i in enumerate(block):
            for j in block[x + 1 :]:
                if same_person(nodes[i][0], nodes[j][0]):
                    uf.union(i, j)
    for i, (key, group) in enumerate(nodes):
        if group != "PER" or len(key) != 1:
            continue
        token = key[0]
        for index, position in ((by_last, -1), (by_first, 0)):
            fits = [j for j in index.get(skeleton(token), ()) if same_token(nodes[j][0][position], token)]
            roots = {uf.find(j) for j in _in_context(fits, node_context[i], contexts)}
            if len(roots) == 1:
                uf.union(i, roots.pop())
                break
            if roots:
                break  # ambiguous surname: leave it alone rather than guess


def _merge_acronyms(
    nodes: list[tuple[tuple[str, ...], str]],
    acronym: list[bool],
    uf: _UnionFind,
    node_context: list[str | None],
    contexts: list[frozenset[str]],
) -> None:
    """Rule 4: an acronym joins the unique multi-word name whose initials spell it.

    Acronyms may cross the ORG/GEO line: the model labels "UAE" or "US" either way, and initials are evidence enough.
    """
    by_initials: dict[str, list[int]] = defaultdict(list)
    for i, (key, group) in enumerate(nodes):
        if group in ("ORG", "GEO", "MISC") and len(key) >= 2:
            by_initials[initials(key)].append(i)
    for i, (key, group) in enumerate(nodes):
        if group in ("ORG", "GEO", "MISC") and len(key) == 1 and acronym[i]:
            fits = [j for j in by_initials.get(key[0].upper(), ()) if _compatible(group, nodes[j][1])]
            roots = {uf.find(j) for j in _in_context(fits, node_context[i], contexts)}
            if len(roots) == 1:
                uf.union(i, roots.pop())


# What a demonym adds to its place's name: Brazil-ian, Canad-ian, Chin-ese, Ital-ian.
_DEMONYM_ENDINGS = ("n", "an", "ian", "ean", "ese", "i", "ish")


def is_demonym_of(word: str, place: str) -> bool:
    """`word` is the adjective of `place` by spelling alone: Brazilian/Brazil, Chinese/China,
    Canadian/Canada. Cut-and-extend only from a vowel-final place and a stem of 4+ letters (Iranian is not Iraq's)."""
    if len(place) < 4 or len(word) <= len(place) - 1:
        return False
    if word.startswith(place):
        return word[len(place) :] in _DEMONYM_ENDINGS
    stem = place[:-1]
    return place[-1] in "aeiouy" and len(stem) >= 4 and word.startswith(stem) and word[len(stem) :] in _DEMONYM_ENDINGS


def _merge_demonyms(nodes: list[tuple[tuple[str, ...], str]], uf: _UnionFind) -> None:
    """Rule 5: the adjective "Brazilian" (NORP) joins the unique place "Brazil"; "North Macedonian" joins "North
    Macedonia". Places are blocked by their leading tokens and the first 4 letters of the last."""
    places: dict[tuple[tuple[str, ...], str], list[int]] = defaultdict(list)
    for i, (key, group) in enumerate(nodes):
        if group == "GEO" and len(key[-1]) >= 4:
            places[(key[:-1], key[-1][:4])].append(i)
    for i, (key, group) in enumerate(nodes):
        if group == "NORP":
            head, word = key[:-1], key[-1]
        elif group == "GEO" and len(key) == 2 and key[1] in _STATE_WORDS:
            head, word = (), key[0]
        else:
            continue
        fits = [j for j in places.get((head, word[:4]), ()) if j != i and is_demonym_of(word, nodes[j][0][-1])]
        roots = {uf.find(j) for j in fits}
        if len(roots) == 1:
            uf.union(i, roots.pop())


def _merge_org_prefixes(nodes: list[tuple[tuple[str, ...], str]], sizes: list[int], uf: _UnionFind) -> None:
    """Rule 6: an organisation whose name extends a shorter organisation's name joins it ("Boeing Commercial
    Airplanes", "Ford Motor Company" -> "Boeing", "Ford"; "Northrop" <- "Northrop Grumman"), longest prefix first.

    A one-word house name takes in one family of extensions only: once "Crown" holds "Crown Dynamics", "Crown
    Textiles" does not join (neither extends the other, and "Textiles" is not a generic corporate word), so a shared
    first word never chains two companies together; the most frequent extensions win. An everyday word ("United",
    "Bank", "House") is never a house name: "United Nations" and "Bank of England" stay themselves.
    """
    index = {
        key: i for i, (key, group) in enumerate(nodes) if group == "ORG" and not (len(key) == 1 and _common(key[0]))
    }
    pairs = []  # (extension node, its longest prefix node, prefix length)
    for i, (key, group) in enumerate(nodes):
        if group == "ORG" and len(key) >= 2:
            for cut in range(len(key) - 1, 0, -1):
                j = index.get(key[:cut])
                if j is not None:
                    pairs.append((i, j, cut))
                    break
    # Chains among long names first ("Ford Motor Company" -> "Ford Motor"), then joins to the house name, biggest
    # clusters first, so the outcome depends on frequencies, not on input order.
    size: Counter[int] = Counter()
    for i, n in enumerate(sizes):
        size[uf.find(i)] += n
    for i, j, cut in pairs:
        ri, rj = uf.find(i), uf.find(j)
        if cut >= 2 and ri != rj and uf.union(i, j):
            size[uf.find(i)] = size[ri] + size[rj]
    extensions: dict[int, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
    for i, j, cut in sorted(pairs, key=lambda p: (-size[uf.find(p[0])], nodes[p[0]][0])):
        if cut >= 2:
            continue
        key = nodes[i][0]
        held = extensions[uf.find(j)]
        if all(_siblings(key, other, cut) for other, _ in held) and uf.union(i, j):
            extensions[uf.find(j)] = [*held, (key, cut)]


@lru_cache(maxsize=65536)
def _common(word: str) -> bool:
    """An everyday English word ("United", "General", "Bank"): too vague to be a house name that absorbs longer ones."""
    from wordfreq import zipf_frequency  # loaded on first use: its tables take a moment

    return zipf_frequency(word, "en") >= _COMMON_ZIPF


def _extends(long_: tuple[str, ...], short: tuple[str, ...]) -> bool:
    return long_[: len(short)] == short


def _siblings(a: tuple[str, ...], b: tuple[str, ...], cut: int) -> bool:
    """Two extensions of one house name may share its cluster: one extends the other, or both only add generic
    corporate words ("Ford Motor Company", "Ford Motors")."""
    if _extends(a, b) or _extends(b, a):
        return True
    return a[:cut] == b[:cut] and set(a[cut:]) <= _CORPORATE_WORDS and set(b[cut:]) <= _CORPORATE_WORDS


def _compatible(a: str, b: str) -> bool:
    return a == b or {a, b} == {"ORG", "GEO"}


def _merge_defined_acronyms(mentions: list[Mention], node_of: dict[tuple[str, ...], list[int]], uf: _UnionFind) -> None:
    """An acronym an article defines ("the UAE (Emirates)") names that thing in every article: join the nodes of
    its bare uses elsewhere to the node of the name it was defined as."""
    for m in mentions:
        if m.method != "acronym" or m.resolved is None or not looks_like_acronym(m.text):
            continue
        group = group_of(m.type)
        bare = node_of.get(name_tokens(m.text, group))
        if bare is None:
            bare = node_of.get(name_tokens(m.text, "ORG"))
        full = node_of.get(name_tokens(m.resolved, group))
        if bare is not None and full is not None:
            for node in bare:
                uf.union(node, full[0])


def _join_unresolved(keys: list[tuple[str, ...]], uf: _UnionFind) -> None:
    """Lone names and acronyms were kept apart per context so that each could be resolved in its own story. Those
    that nothing resolved are the same name again (rule 1, equal keys merge): they join the one entity the name was
    resolved to elsewhere, or, when it was resolved to several (two Hoggs in two stories) or to none, each other."""
    size: Counter[int] = Counter(uf.find(i) for i in range(len(keys)))
    alone: dict[tuple[str, ...], list[int]] = defaultdict(list)
    resolved: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for i, key in enumerate(keys):
        if size[uf.find(i)] == 1:
            alone[key].append(i)
        else:
            resolved[key].add(uf.find(i))
    for key, group in alone.items():
        roots = resolved.get(key, set())
        target = next(iter(roots)) if len(roots) == 1 else group[0]
        for other in group:
            uf.union(target, other)


def _entity_id(group: str, name: str, first: Mention) -> str:
    digest = hashlib.sha1(f"{group}|{name}|{first.article_id}|{first.start}".encode()).hexdigest()
    return f"ent-{digest[:12]}"


def _build_entity(group: str, members: list[Mention]) -> Entity:
    """Canonical name, type and aliases of one cluster (rule in the module docstring)."""
    forms: Counter[str] = Counter(canonical_form(m.text, group) for m in members)
    # The name comes from mentions of the cluster's own kind: "Brazil", not the more frequent adjective "Brazilian".
    candidates = Counter(canonical_form(m.text, group) for m in members if group_of(m.type) == group) or forms
    if group == "PER":
        full = Counter({f: c for f, c in candidates.items() if len(f.split()) >= 2})
        candidates = full or candidates
    name = min(candidates, key=lambda f: (-candidates[f], -len(f.split()), f))
    types = Counter(m.type for m in members if group_of(m.type) == group) or Counter(m.type for m in members)
    mention_type = _GROUP_TYPE.get(group) or min(types, key=lambda t: (-types[t], t))
    # Surfaces as written ("Mr Orlovsky") and without titles ("Evgeniy Orlovsky"): readers search by either.
    surfaces: Counter[str] = Counter(display_form(m.text, group) for m in members)
    surfaces.update(forms)
    aliases = sorted((s for s in surfaces if s != name), key=lambda s: (-surfaces[s], s))
    ordered = sorted(members, key=lambda m: (m.article_id, m.start))
    return Entity(_entity_id(group, name, ordered[0]), name, mention_type, aliases, ordered)


def resolve_entities(mentions: list[Mention], contexts: Mapping[str, str] | None = None) -> list[Entity]:
    """Merge mentions from any number of articles into entities (rules in the module docstring).

    `contexts` maps article ids to the context they belong to (the engine passes each article's story). A lone
    name ("Hogg") or an acronym ("US") is then resolved against the full names of its own context first: in a store
    of many stories a surname is rarely unique, inside one story it usually is. Without contexts, every article is
    one context.

    Deterministic: the same mentions in any order give the same entities, ids and canonical names. Entities come
    out sorted by descending mention count, then name.
    """
    if not mentions:
        return []
    keys, chosen = _key_groups(mentions)
    # Keys resolved per context: lone person names and acronyms (see above).
    split = set()
    if contexts is not None:
        split = {
            key for m, key in zip(mentions, keys, strict=True)
            if len(key) == 1 and (chosen[key] == "PER" or looks_like_acronym(m.resolved or m.text))
        }  # fmt: skip
    node_of: dict[tuple[tuple[str, ...], str | None], int] = {}
    nodes: list[tuple[tuple[str, ...], str]] = []
    node_context: list[str | None] = []
    acronym: list[bool] = []
    members: list[list[Mention]] = []
    for m, key in zip(mentions, keys, strict=True):
        if not key:
            continue
        context = contexts.get(m.article_id, "") if contexts is not None and key in split else None
        n = node_of.get((key, context))
        if n is None:
            n = node_of[(key, context)] = len(nodes)
            nodes.append((key, chosen[key]))
            node_context.append(context)
            acronym.append(False)
            members.append([])
        members[n].append(m)
        if len(key) == 1 and looks_like_acronym(m.resolved or m.text):
            acronym[n] = True
    # Deterministic regardless of input order: process nodes sorted by key.
    order = sorted(range(len(nodes)), key=lambda i: (nodes[i][1], nodes[i][0], node_context[i] or ""))
    nodes = [nodes[i] for i in order]
    node_context = [node_context[i] for i in order]
    acronym = [acronym[i] for i in order]
    members = [members[i] for i in order]
    in_contexts = [
        frozenset(contexts.get(m.article_id, "") for m in ms) if contexts is not None else frozenset() for ms in members
    ]
    persons = [key if group == "PER" and len(key) >= 2 else None for key, group in nodes]
    uf = _UnionFind(len(nodes), persons)
    _merge_people(nodes, uf, node_context, in_contexts)
    by_key: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, (key, _) in enumerate(nodes):
        by_key[key].append(i)
    _merge_defined_acronyms(mentions, by_key, uf)
    _merge_acronyms(nodes, acronym, uf, node_context, in_contexts)
    if split:
        _join_unresolved([key for key, _ in nodes], uf)
    _merge_demonyms(nodes, uf)
    _merge_org_prefixes(nodes, [len(m) for m in members], uf)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(nodes)):
        clusters[uf.find(i)].append(i)
    entities = []
    for ids in clusters.values():
        group_votes = Counter({nodes[i][1]: 0 for i in ids})
        for i in ids:
            group_votes[nodes[i][1]] += len(members[i])
        if len(group_votes) > 1:
            group_votes.pop("NORP", None)  # "Brazilian" joined "Brazil": the cluster is the place
        group = min(group_votes, key=lambda g: (-group_votes[g], _GROUP_ORDER.index(g)))
        entities.append(_build_entity(group, [m for i in ids for m in members[i]]))
    entities.sort(key=lambda e: (-len(e.mentions), e.name, e.id))
    return entities


def name_keys(article_id: str, mentions: list[Mention]) -> list[NameKey]:
    """One article's rows of the name index: one per (key, surface as written), with the commonest display name
    and type. `key` is the normalised name a mention stands for (its in-article full form): what "stories about X"
    matches, with the surface, when a user types a name."""
    found: dict[tuple[str, str], tuple[Counter[str], Counter[str]]] = {}
    for m in mentions:
        group = group_of(m.type)
        full = m.resolved or m.text
        key = " ".join(name_tokens(full, group))
        surface = display_form(m.text, group)
        if not key or not surface:
            continue
        names, types = found.setdefault((key, surface), (Counter(), Counter()))
        names[canonical_form(full, group)] += 1
        types[m.type] += 1
    rows = []
    for (key, surface), (names, types) in found.items():
        name = min(names, key=lambda n: (-names[n], n))
        kind = min(types, key=lambda t: (-types[t], t))
        rows.append(NameKey(article_id, key, surface, surface.casefold(), name, kind, sum(names.values())))
    return rows


def filter_keys(name: str) -> tuple[str, ...]:
    """The name keys a typed name can stand for, one per type group ("Ms Anja Krell" -> "anja krell")."""
    keys = {" ".join(name_tokens(name, group)) for group in ("PER", "ORG", "GEO", "MISC")}
    return tuple(sorted(k for k in keys if k))
