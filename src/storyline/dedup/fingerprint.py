"""Article fingerprints: an exact key for byte-level copies and a MinHash signature for near-copies.

The exact key is a digest of the article's title and clean text exactly as they are: two articles share it only when
they are byte-identical, which is what "duplicate" means (the same item posted twice; the BBC corpus's gold groups).
The MinHash signature is computed from the normalised text only (`text.normalize`: case, accents, punctuation and
whitespace folded), never from the title or metadata, so a copy republished under another headline, re-spaced or
re-punctuated, scores 1.0 as a near duplicate. It estimates the Jaccard similarity of the two articles' sets of word
shingles (runs of `SHINGLE_WORDS` consecutive words).

Everything here is a pure function of the text and the module constants (the MinHash seed included), so the same text
gives the same fingerprint on every machine and in every process: fingerprints can be computed in Spark executors and
persisted. Changing a constant invalidates persisted signatures; the index records them and refuses a mismatch.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from rensa import RMinHash

from storyline import text as textutil
from storyline.models import Article

# 128 permutations: the standard error of a Jaccard estimate is sqrt(J(1-J)/128), about 0.035 at J = 0.8, which is
# enough to tell "the same copy with different furniture" (J >= 0.8) from "an update that rewrote half" (J ~ 0.5).
NUM_PERM = 128
# Fixed so that signatures are comparable across runs, processes and machines.
MINHASH_SEED = 20240601
# Five-word shingles: long enough that two independent reports sharing names and a quote score low, short enough
# that one changed word only breaks five shingles.
SHINGLE_WORDS = 5

_SIGNATURE_DTYPE = np.dtype("<u4")  # rensa digests are u32; little-endian so stored bytes are portable


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What the duplicate index needs to know about one article's text.

    `exact` is a hex digest of the title and text (empty when the text has no words: such a text is a copy of
    nothing). `signature` is the MinHash digest as little-endian u32 bytes (empty when there are no shingles).
    `n_shingles` is the size of the shingle set, kept so that containment can be estimated from Jaccard.
    """

    exact: str
    signature: bytes
    n_shingles: int

    @property
    def empty(self) -> bool:
        """True when the text had no words at all."""
        return not self.exact

    def values(self) -> np.ndarray:
        """The signature as a read-only u32 array (a view on the bytes, no copy)."""
        return np.frombuffer(self.signature, dtype=_SIGNATURE_DTYPE)


# Below this many words a text is fingerprinted together with its title.
SHORT_TEXT_WORDS = 40


def shingles(words: list[str], size: int = SHINGLE_WORDS) -> list[str]:
    """Word shingles of `size` words; a text shorter than that is one shingle (so it can still match itself)."""
    if not words:
        return []
    if len(words) <= size:
        return [" ".join(words)]
    return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]


def exact_key(text: str, title: str = "") -> str:
    """The exact-duplicate key: a digest of the title and the text, byte for byte."""
    # The unit separator keeps ("ab", "c") and ("a", "bc") apart.
    return hashlib.blake2b(f"{title}\x1f{text}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def fingerprint_text(text: str, title: str = "") -> Fingerprint:
    """Fingerprint a clean article text and its title (see the module docstring for what each part uses)."""
    words = textutil.normalize(text).split()
    if len(words) < SHORT_TEXT_WORDS and title:
        # A short text ("Qtly div 10 cts vs 10 cts prior") is a template many different reports share; its headline
        # ("KNUTSON MORTGAGE SETS QUARTERLY") is what tells them apart, so it joins the shingles.
        words = textutil.normalize(title).split() + words
    grams = set(shingles(words))
    if not grams:
        return Fingerprint(exact="", signature=b"", n_shingles=0)
    mh = RMinHash(num_perm=NUM_PERM, seed=MINHASH_SEED)
    # A minimum over a set does not depend on iteration order, so the (hash-seed dependent) set order is harmless.
    mh.update(list(grams))
    signature = np.asarray(mh.digest(), dtype=_SIGNATURE_DTYPE).tobytes()
    return Fingerprint(exact=exact_key(text, title), signature=signature, n_shingles=len(grams))


def fingerprint(article: Article) -> Fingerprint:
    """Fingerprint an article from its title and clean text."""
    return fingerprint_text(article.text, article.title)


def estimate_jaccard(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated Jaccard similarity of the two shingle sets: the share of MinHash slots that agree."""
    if a.empty or b.empty:
        return 0.0
    return float(np.count_nonzero(a.values() == b.values())) / NUM_PERM
