"""Entity quality on MEANTIME (`meantime/documents.jsonl`): mention F1 and cross-document B-cubed, ours vs a baseline.

**What is scored.** MEANTIME annotates every mention of its entities (names, nominals like "the company", pronouns)
of types PER, ORG, LOC, PRO (products) and FIN (financial). A name recogniser is scored on *name mentions* of PER,
ORG and LOC: a gold mention counts when its syntactic type is NAM or PRE.NAM, or, where the corpus left that field
empty (about half the mentions), when its last word is capitalised and is neither a pronoun/determiner nor a title
("Boeing", "Apple CEO Steve Jobs", "General Motors (GM" count; "the company", "its", "Apple CEO" do not). Gold
mentions without an instance id are dropped. Predicted types are folded onto MEANTIME's: PER -> PER, ORG -> ORG,
GPE/LOC/NORP -> LOC (MEANTIME marks "American" as a mention of the place); PRODUCT and MISC are not scored
(MEANTIME's PRO is mostly nominal, and FIN is not a name).

**Matching.** MEANTIME spans are whole noun phrases ("U.S. President Barack Obama"), names are not, so the primary
score is *relaxed*: per document, predicted and gold mentions pair one to one, exact spans first, then the
remaining overlapping pairs, largest overlap first; a pair counts when the types agree. *Strict* counts only exact
spans with the same type. Precision is over predicted PER/ORG/LOC mentions, recall over gold name mentions.
MEANTIME leaves many names unannotated (only entities its annotators linked to events), which caps precision for
every system alike.

**Cross-document B-cubed** (Bagga & Baldwin) is computed over the gold mentions the system matched (relaxed): each
such mention's gold cluster is its MEANTIME instance id, its system cluster the entity its matched prediction
was resolved to. Since systems match different mentions, `crossdoc_bcubed_f1_common` also scores both on the gold
mentions *both* matched.

**Baseline**: the same spaCy model's entities as they come (same label folding), one entity per distinct surface
string. Ours: `EntityExtractor` rules plus `resolve_entities`. One spaCy pass feeds both, so they see the same NER.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from storyline.errors import InputError
from storyline.extract.entities.aliases import HONORIFICS, resolve_entities
from storyline.extract.entities.mentions import SPACY_LABELS, EntityExtractor, resolve_in_article

__all__ = ["annotated_end", "bcubed", "evaluate_entities", "gold_name_mentions", "match_mentions"]

SCORED_TYPES = ("PER", "ORG", "LOC")
# NORP goes to LOC: MEANTIME marks nationality adjectives ("American", "European") as mentions of the place.
_TO_MEANTIME = {"PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "NORP": "LOC"}
_NOT_HEADS = frozenset(
    """it its he his him she her they them their theirs we us our ours i me my you your who which that this these those
    the a an both all themselves itself himself herself one others""".split()
)
_WORD = re.compile(r"[\w][\w'’.&-]*")

Item = tuple[int, int, str, str]  # start, end, MEANTIME type, cluster id (gold instance or predicted entity)


def _read(data_dir: Path) -> list[dict]:
    path = Path(data_dir)
    for candidate in (path, path / "documents.jsonl", path / "meantime" / "documents.jsonl"):
        if candidate.is_file():
            with candidate.open(encoding="utf-8") as fh:
                return [json.loads(line) for line in fh if line.strip()]
    raise InputError(str(path), "no meantime/documents.jsonl here: pass the corpora folder, meantime/ or the file")


def _is_name(mention: dict) -> bool:
    syntactic = mention.get("syntactic_type")
    if syntactic in ("NAM", "PRE.NAM"):
        return True
    if syntactic:
        return False
    words = _WORD.findall(mention["text"])
    if not words:
        return False
    last = words[-1]
    return last[0].isupper() and last.lower() not in _NOT_HEADS and last.lower().rstrip(".") not in HONORIFICS


def gold_name_mentions(doc: dict) -> list[Item]:
    """The document's gold PER/ORG/LOC name mentions (see the module docstring for the filter)."""
    return [
        (m["start"], m["end"], m["entity_type"], m["instance_id"])
        for m in doc["entity_mentions"]
        if m.get("entity_type") in SCORED_TYPES and m.get("instance_id") and _is_name(m)
    ]


def match_mentions(gold: list[Item], predicted: list[Item]) -> tuple[list[tuple[int, int]], int]:
    """One-to-one pairs (gold index, predicted index) of same-type mentions: exact spans first, then overlaps,
    largest first. Returns the pairs and how many of them are exact (the strict count)."""
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_p: set[int] = set()
    exact = {(g[0], g[1], g[2]): i for i, g in enumerate(gold)}
    for j, p in enumerate(predicted):
        i = exact.get((p[0], p[1], p[2]))
        if i is not None and i not in used_g:
            pairs.append((i, j))
            used_g.add(i)
            used_p.add(j)
    strict = len(pairs)
    candidates = []
    for i, g in enumerate(gold):
        if i in used_g:
            continue
        for j, p in enumerate(predicted):
            if j not in used_p and p[2] == g[2] and p[0] < g[1] and g[0] < p[1]:
                candidates.append((-(min(g[1], p[1]) - max(g[0], p[0])), i, j))
    for _, i, j in sorted(candidates):
        if i not in used_g and j not in used_p:
            pairs.append((i, j))
            used_g.add(i)
            used_p.add(j)
    return pairs, strict


def bcubed(gold_of: dict[object, str], system_of: dict[object, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 over the items keyed in both maps (item -> gold / system cluster id)."""
    items = [k for k in gold_of if k in system_of]
    if not items:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    gold_members: dict[str, set] = defaultdict(set)
    system_members: dict[str, set] = defaultdict(set)
    for k in items:
        gold_members[gold_of[k]].add(k)
        system_members[system_of[k]].add(k)
    precision = recall = 0.0
    for k in items:
        g, s = gold_members[gold_of[k]], system_members[system_of[k]]
        both = len(g & s)
        precision += both / len(s)
        recall += both / len(g)
    p, r = precision / len(items), recall / len(items)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _prf(hits: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = hits / predicted if predicted else 0.0
    r = hits / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def annotated_end(text: str, lines: int = 6) -> int:
    """End of MEANTIME's fully annotated stretch: the title, the date line and four sentences (one a line).

    Entity mentions are annotated exhaustively there (about 470 gold mentions on each of those sentence lines over
    the 90 documents) and only sparsely after (under 100 a line, falling), so precision is measured there.
    """
    position = -1
    for _ in range(lines):
        position = text.find("\n", position + 1)
        if position < 0:
            return len(text)
    return position


def _score(
    docs: list[dict], predictions: list[list[Item]], whole_text: bool = False
) -> tuple[dict[str, float], dict[tuple[str, int], str]]:
    """Mention metrics of one system (in the annotated stretch, or over the whole text) and its matched gold
    mentions -> system cluster (for B-cubed, always over the whole text: chains are annotated throughout)."""
    counts: dict[str, list[int]] = {t: [0, 0, 0, 0] for t in ("ALL", *SCORED_TYPES)}  # relaxed, strict, pred, gold
    system_of: dict[tuple[str, int], str] = {}
    for doc, all_predicted in zip(docs, predictions, strict=True):
        all_gold = gold_name_mentions(doc)
        pairs, _ = match_mentions(all_gold, all_predicted)
        for i, j in pairs:
            system_of[(doc["doc_id"], i)] = all_predicted[j][3]
        end = len(doc["text"]) if whole_text else annotated_end(doc["text"])
        gold = [g for g in all_gold if g[0] < end]
        predicted = [p for p in all_predicted if p[0] < end]
        pairs, _ = match_mentions(gold, predicted)
        for i, j in pairs:
            exact = gold[i][:3] == predicted[j][:3]
            for key in ("ALL", gold[i][2]):
                counts[key][0] += 1
                counts[key][1] += exact
        for item in predicted:
            counts["ALL"][2] += 1
            counts[item[2]][2] += 1
        for item in gold:
            counts["ALL"][3] += 1
            counts[item[2]][3] += 1
    metrics: dict[str, float] = {}
    for key, (relaxed, strict, n_pred, n_gold) in counts.items():
        p, r, f = _prf(relaxed, n_pred, n_gold)
        suffix = "" if key == "ALL" else f"_{key}"
        metrics[f"mention_f1{suffix}"] = f
        if key == "ALL":
            metrics["mention_precision"], metrics["mention_recall"] = p, r
            sp, sr, sf = _prf(strict, n_pred, n_gold)
            metrics.update(mention_f1_strict=sf, mention_precision_strict=sp, mention_recall_strict=sr)
            metrics["predicted_mentions"], metrics["gold_mentions"] = n_pred, n_gold
    return metrics, system_of


def _gold_clusters(docs: list[dict]) -> dict[tuple[str, int], str]:
    return {(doc["doc_id"], i): g[3] for doc in docs for i, g in enumerate(gold_name_mentions(doc))}


def _baseline_items(raw: list[tuple[int, int, str]], text: str) -> list[Item]:
    items = []
    for start, end, label in raw:
        kind = _TO_MEANTIME.get(SPACY_LABELS.get(label, ""))
        if kind:
            items.append((start, end, kind, "s:" + text[start:end]))
    return items


def evaluate_entities(
    data_dir: Path, extractor: EntityExtractor | None = None, raw: Iterable[list[tuple[int, int, str]]] | None = None
) -> dict:
    """Ours vs the plain-spaCy baseline on MEANTIME, measured in one call (module docstring for the definitions).

    `data_dir` is the corpora folder, `meantime/` or the JSONL itself. `raw` may pass spaCy's entities already
    computed for the documents (in file order), so a benchmark can time the NER pass separately.
    """
    docs = _read(data_dir)
    if raw is None:
        extractor = extractor or EntityExtractor()
        raw = extractor.raw_entities(doc["text"] for doc in docs)
    raw = list(raw)
    mentions = [resolve_in_article(doc["doc_id"], doc["text"], ents) for doc, ents in zip(docs, raw, strict=True)]
    # A mention is scored with its entity's type: the vote over all its mentions corrects spaCy's wobble.
    ours: dict[str, list[Item]] = defaultdict(list)
    for entity in resolve_entities([m for ms in mentions for m in ms]):
        kind = _TO_MEANTIME.get(entity.type)
        if kind:
            for m in entity.mentions:
                ours[m.article_id].append((m.start, m.end, kind, entity.id))
    ours_items = [sorted(ours.get(doc["doc_id"], [])) for doc in docs]
    base = [_baseline_items(ents, doc["text"]) for doc, ents in zip(docs, raw, strict=True)]
    gold_of = _gold_clusters(docs)
    result: dict[str, dict] = {}
    matched: dict[str, dict[tuple[str, int], str]] = {}
    for name, predictions in (("metrics", ours_items), ("baseline", base)):
        metrics, system_of = _score(docs, predictions)
        whole, _ = _score(docs, predictions, whole_text=True)
        metrics.update(
            mention_f1_whole_text=whole["mention_f1"], mention_precision_whole_text=whole["mention_precision"]
        )
        metrics["mention_recall_whole_text"] = whole["mention_recall"]
        b3 = bcubed(gold_of, system_of)
        metrics.update(
            crossdoc_bcubed_f1=b3["f1"], crossdoc_bcubed_precision=b3["precision"], crossdoc_bcubed_recall=b3["recall"]
        )
        result[name], matched[name] = metrics, system_of
    common = {k: v for k, v in gold_of.items() if k in matched["metrics"] and k in matched["baseline"]}
    for name in ("metrics", "baseline"):
        result[name]["crossdoc_bcubed_f1_common"] = bcubed(common, matched[name])["f1"]
        result[name] = {k: round(v, 4) if isinstance(v, float) else v for k, v in result[name].items()}
    return {**result, "documents": len(docs), "scored_types": list(SCORED_TYPES)}
