"""The duplicate index: finds earlier articles that are exact or near copies of a new one.

Exact copies are found by key. Near copies are found with MinHash LSH banding: the signature is cut into `bands`
bands of `rows` values; two articles become candidates when any band agrees exactly, which happens with probability
1 - (1 - J^rows)^bands for Jaccard similarity J. The defaults (32 bands of 4 rows) give:

    J     0.3    0.4    0.5    0.6    0.7    0.8
    P     0.23   0.56   0.87   0.99   1.0    1.0

so copies at J >= 0.8 (the same story with different furniture, or a lightly edited update) are never missed, and
contained copies (J 0.5-0.8, below) rarely are. Candidates are verified from their signatures, which is cheap:
on Reuters-21578 an article has 0.08 candidates on average. Every candidate is then confirmed by its estimated
Jaccard (>= `threshold`), or by containment.

Jaccard punishes a length difference: a copy that kept a long donation appeal its cleaner missed, or a wire update
that appends paragraphs to the original, has J ~0.6-0.7 with the original although it contains all of it. So a
candidate also counts when the shorter text is (almost) wholly contained in the longer one: containment estimated
from J and the two shingle-set sizes (|A & B| = J (|A| + |B|) / (1 + J)), at least `containment`, with J at least
`containment_min_jaccard` (the longer text may not be more than about twice the shorter) and the shorter text long
enough that being contained means something. The score is the estimated Jaccard, or for a contained copy the
estimated containment.
"""

from __future__ import annotations

import hashlib
from typing import Literal, NamedTuple

import numpy as np

# Names, not the module: the package re-exports the function `fingerprint`, which shadows the submodule attribute.
from storyline.dedup.fingerprint import MINHASH_SEED, NUM_PERM, SHINGLE_WORDS, Fingerprint, estimate_jaccard
from storyline.dedup.state import DupState
from storyline.errors import SettingsError

MatchType = Literal["duplicate", "near_duplicate"]

DEFAULT_BANDS = 32
DEFAULT_ROWS = 4
# Estimated Jaccard of 5-word shingle sets at which two texts count as the same copy. At 0.8 a 400-word article can
# differ in about eight scattered words (each breaks up to five shingles), or carry extra furniture of up to a quarter
# of its length, and still match.
DEFAULT_THRESHOLD = 0.8
# Share of the shorter text's shingles found in the longer one at which it counts as a copy regardless of Jaccard.
DEFAULT_CONTAINMENT = 0.9
DEFAULT_CONTAINMENT_MIN_JACCARD = 0.5
# A text shorter than this many shingles (about 40 words) is too short to be "contained" meaningfully: boilerplate
# sentences and one-line briefs sit inside many longer texts.
MIN_CONTAINED_SHINGLES = 40


class Match(NamedTuple):
    """A found copy: the earlier article, how it is a copy, and how sure (1.0 for an exact duplicate)."""

    other_id: str
    type: MatchType
    score: float


class DuplicateIndex:
    """Exact and near-duplicate lookup over a persisted `DupState`.

    The index holds no data itself; `find` and `add` are separate so the engine can decide what to do with a copy
    (store it as a relation, skip it) before recording it.
    """

    def __init__(
        self,
        state: DupState,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        bands: int = DEFAULT_BANDS,
        rows: int = DEFAULT_ROWS,
        containment: float = DEFAULT_CONTAINMENT,
        containment_min_jaccard: float = DEFAULT_CONTAINMENT_MIN_JACCARD,
        max_matches: int = 10,
        limit_per_band: int = 50,
    ) -> None:
        for name, value in (
            ("threshold", threshold),
            ("containment", containment),
            ("containment_min_jaccard", containment_min_jaccard),
        ):
            if not 0.0 < value <= 1.0:
                raise SettingsError(f"near-duplicate {name} must be in (0, 1], got {value}")
        if bands < 1 or rows < 1 or bands * rows > NUM_PERM:
            raise SettingsError(f"LSH bands x rows must fit in the {NUM_PERM} MinHash values, got {bands} x {rows}")
        self.state = state
        self.threshold = threshold
        self.containment = containment
        self.containment_min_jaccard = containment_min_jaccard
        self.bands = bands
        self.rows = rows
        self.max_matches = max_matches
        self.limit_per_band = limit_per_band
        self._meta = {
            "num_perm": str(NUM_PERM),
            "seed": str(MINHASH_SEED),
            "shingle_words": str(SHINGLE_WORDS),
            "bands": str(bands),
            "rows": str(rows),
        }
        stored = state.get_meta()
        if stored and stored != self._meta:
            # Signatures or band keys built with other parameters cannot be compared with new ones: matching would
            # silently find nothing. Refuse instead, and say how to fix it.
            raise SettingsError(
                f"the duplicate index in this store was built with {stored}, but this version uses {self._meta}; "
                "rebuild the duplicate index (re-ingest into a fresh store) or use the matching settings"
            )
        self._meta_written = bool(stored)

    def band_keys(self, fp: Fingerprint) -> list[int]:
        """The LSH bucket keys of a fingerprint: one signed 64-bit key per band (band number mixed in)."""
        if fp.empty:
            return []
        values = fp.values()[: self.bands * self.rows].reshape(self.bands, self.rows)
        keys = []
        for band, row in enumerate(values):
            digest = hashlib.blake2b(row.tobytes(), digest_size=8, person=band.to_bytes(2, "little")).digest()
            keys.append(int.from_bytes(digest, "little", signed=True))  # signed: fits SQLite INTEGER
        return keys

    def find(self, article_id: str, fp: Fingerprint) -> list[Match]:
        """Earlier articles that `fp` copies, best first: exact duplicates (score 1.0), then near duplicates.

        The article itself is never returned, so calling `find` again after `add` is harmless.
        """
        if fp.empty:
            return []  # a text without words is a copy of nothing
        matches = [
            Match(other, "duplicate", 1.0)
            for other in self.state.exact_matches(fp.exact, self.max_matches + 1)
            if other != article_id
        ]
        seen = {m.other_id for m in matches}
        seen.add(article_id)
        if len(matches) >= self.max_matches:
            return matches[: self.max_matches]
        candidates = self.state.band_candidates(self.band_keys(fp), self.limit_per_band)
        near: list[tuple[float, int, str]] = []
        if candidates:
            mine = fp.values()
            others = np.frombuffer(b"".join(c.signature for c in candidates), dtype=mine.dtype)
            agree = np.count_nonzero(others.reshape(len(candidates), -1) == mine, axis=1) / NUM_PERM
            for c, jaccard in zip(candidates, agree.tolist(), strict=True):
                if c.article_id in seen:
                    continue
                score = self._score(jaccard, fp.n_shingles, c.n_shingles)
                if score is not None:
                    near.append((score, c.seq, c.article_id))
        near.sort(key=lambda t: (-t[0], t[1]))
        matches.extend(Match(other, "near_duplicate", round(score, 4)) for score, _, other in near)
        return matches[: self.max_matches]

    def match_score(self, a: Fingerprint, b: Fingerprint) -> float | None:
        """The score `find` would give `b` as a copy of `a` (1.0 for an exact copy), or None when it is not one."""
        if a.empty or b.empty:
            return None
        if a.exact == b.exact:
            return 1.0
        score = self._score(estimate_jaccard(a, b), a.n_shingles, b.n_shingles)
        return None if score is None else round(score, 4)

    def _score(self, jaccard: float, n_a: int, n_b: int) -> float | None:
        """The near-duplicate score of a candidate, or None when it is not one (see the module docstring)."""
        if jaccard >= self.threshold:
            return jaccard
        smaller = min(n_a, n_b)
        if jaccard < self.containment_min_jaccard or smaller < MIN_CONTAINED_SHINGLES:
            return None
        contained = min(1.0, jaccard * (n_a + n_b) / (1.0 + jaccard) / smaller)
        return contained if contained >= self.containment else None

    def add(self, article_id: str, fp: Fingerprint) -> None:
        """Record an article so later ones can be matched against it (a no-op for an id already added).

        An exact copy of an already indexed text is stored by its key only, not in the LSH buckets: the earlier copy
        already stands for it there, and leaving it out keeps buckets from filling up with copies of one text.
        """
        if not self._meta_written:
            self.state.set_meta(self._meta)
            self._meta_written = True
        if self.state.contains(article_id):
            return
        bands = [] if fp.empty or self.state.has_exact(fp.exact) else self.band_keys(fp)
        self.state.put(article_id, fp.exact, fp.signature, fp.n_shingles, bands)
