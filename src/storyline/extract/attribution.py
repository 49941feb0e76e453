"""Who says so: what `claims` (a figure's source) and `quotes` (a quotation's speaker) both read attribution with.

Both stages answer the same question over the same material: in the sentence around a figure or a quotation, which
speech verb governs it and which noun phrase is that verb's subject. What they share lives here:

- **Speech verbs.** `SAY_VERBS` report words in either reading ("said", "told", "warned"). A quotation also takes
  verbs of manner and their -ing forms ("urged", "joked", "adding"): `SPEECH_VERBS`. A figure also takes verbs that
  estimate or show a number ("estimated", "counted", "shows"): `REPORT_VERBS`. The two extended sets stay apart on
  purpose: "estimates" before a quotation is no speech, and "joked" before a figure is no source.
- **Tokens.** `Token` and `tokenize`: the words (and, for claims, punctuation) of a stretch with their offsets; each
  caller passes the token pattern it walks over.
- **The article reader.** `ArticleReader`: the text with its sentence spans and entity mentions, the quoted stretches
  masked out (`masked`, `quoted`), the sentence holding a position and the mentions starting in a stretch.

What stays with each caller is how it walks a subject phrase, because the two phrases are read differently: claims
walks back over a mixed stream of words and punctuation to the first stop word and leaves the article out ("health
ministry"); quotes grows a phrase from a head it checks (a name or a speaker noun), keeps the article and joins
"officials in Elmport". Merging the walkers would change who is credited with what.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.models import Mention

__all__ = [
    "ARTICLES",
    "MASK",
    "PRONOUNS",
    "REPORT_VERBS",
    "SAY_VERBS",
    "SPEECH_VERBS",
    "ArticleReader",
    "Token",
    "tokenize",
]

# --- vocabulary ---------------------------------------------------------------------------------------------------

SAY_VERBS = frozenset(
    """said say says told tells stated added adds noted wrote writes warned warns insisted insists announced announces
    claimed claims confirmed confirms acknowledged acknowledges admitted admits reported suggested predicted""".split()
)
# Verbs that introduce quoted words: manner of speaking, and the -ing forms that follow a quote (“…,” adding ...).
SPEECH_VERBS = SAY_VERBS | frozenset(
    """telling adding states stating writing called calls calling praised praises praising described describes
    describing warning urged urges urging notes noting insisting declared declares declaring announcing explained
    explains explaining claiming stressed stresses stressing emphasised emphasized emphasises emphasizes emphasising
    emphasizing argued argues arguing replied replies replying responded remarked commented conceded vowed vows vowing
    pledged pledges pledging promised expressed expresses expressing recalled recalls recalling asked asks tweeted
    posted condemned condemns condemning hailed hails hailing denounced denounces labelled labeled assured complained
    joked quipped""".split()
)
# Verbs that give a figure a source: estimating, counting, showing, believing. Several are also nouns ("updated
# estimates", "the reports"); claims tells the two apart from the words around them.
REPORT_VERBS = SAY_VERBS | frozenset(
    """tell estimated estimates estimate reports report claim indicated indicates indicate suggests suggest believed
    believes believe put puts showed shows show revealed reveals alleged alleges recorded records counted calculated
    calculates assessed assesses concluded concludes think thinks thought projected forecast forecasts
    predicts""".split()
)
# A subject that is one of these speaks for someone named earlier.
PRONOUNS = frozenset("he she it they".split())
ARTICLES = frozenset("the a an".split())
# What quoted characters become in `ArticleReader.masked`: not a word character, not a space, so no phrase walk, verb
# search or token crosses a quotation.
MASK = "\x00"


# --- tokens -------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Token:
    """A token of the text: `text == article_text[start:end]`."""

    start: int
    end: int
    text: str

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()


def tokenize(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> list[Token]:
    """The matches of `pattern` in text[lo:hi], in order."""
    return [Token(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text, lo, hi)]


# --- the article --------------------------------------------------------------------------------------------------


class ArticleReader:
    """One article while attributions are read: text, sentence spans, mentions, and quoted stretches masked out.

    `quoted` are (lo, hi) spans in text order (quotation marks included); `masked` is the text with each such span
    replaced by `MASK`. `mentions` keeps the caller's order: lookups go through an index sorted by (start, end) but
    return their hits in the order given, so a rule that takes "the last mention of the sentence" means the same
    whether or not the caller sorted (the NER stage always gives text order).
    """

    __slots__ = (
        "_by_start",
        "_given_sorted",
        "_mention_starts",
        "_order",
        "_quoted_los",
        "_starts",
        "masked",
        "mentions",
        "quoted_spans",
        "sentences",
        "text",
    )

    def __init__(
        self,
        text: str,
        sentences: list[tuple[int, int]],
        mentions: list[Mention],
        quoted: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.text = text
        self.sentences = sentences
        self.mentions = mentions
        self.quoted_spans = list(quoted)
        chars = list(text)
        for lo, hi in self.quoted_spans:
            chars[lo:hi] = MASK * (hi - lo)
        self.masked = "".join(chars) if self.quoted_spans else text
        self._starts = [s for s, _ in sentences]
        self._quoted_los = [lo for lo, _ in self.quoted_spans]
        self._order = sorted(range(len(mentions)), key=lambda k: (mentions[k].start, mentions[k].end))
        self._by_start = [mentions[k] for k in self._order]
        self._given_sorted = self._order == list(range(len(mentions)))  # as NER gives them: hits need no reordering
        self._mention_starts = [m.start for m in self._by_start]

    def sentence_of(self, pos: int) -> int:
        """Index of the sentence holding `pos` (the one before it in a gap; the first before any)."""
        return max(0, bisect_right(self._starts, pos) - 1)

    def quoted(self, pos: int) -> bool:
        """Whether `pos` lies inside the quoted span that starts last at or before it."""
        i = bisect_right(self._quoted_los, pos) - 1
        return i >= 0 and self.quoted_spans[i][0] <= pos < self.quoted_spans[i][1]

    def mentions_in(self, lo: int, hi: int) -> list[Mention]:
        """Mentions starting in [lo, hi) outside quoted words, in the caller's order."""
        i = bisect_left(self._mention_starts, lo)
        j = bisect_left(self._mention_starts, hi)
        hits = self._by_start[i:j] if self._given_sorted else [self.mentions[k] for k in sorted(self._order[i:j])]
        return [m for m in hits if not self.quoted(m.start)] if self.quoted_spans else hits

    def mention_covering(self, pos: int) -> Mention | None:
        """The mention spanning `pos` that starts last (looking back at most 120 characters)."""
        i = bisect_right(self._mention_starts, pos) - 1
        while i >= 0 and self._by_start[i].start > pos - 120:
            if self._by_start[i].start <= pos < self._by_start[i].end:
                return self._by_start[i]
            i -= 1
        return None
