"""The local engine: runs the stages in-process over a SQLite store, one transaction per batch.

The flow per batch: read -> skip inputs already stored -> parse -> gather furniture evidence per outlet -> clean ->
order by publication date -> for each article: duplicate index, else story index; rewrite check against the story's
recent members -> save -> refresh the touched stories (independent reports, inferred dates, titles) -> facts of the
new articles (entities, dates, claims, quotes; see extract/facts.py), and again for articles whose date was inferred.

Stages are pure functions; all loading and saving happens here, which is what lets another engine (Spark) reuse them.
"""

from __future__ import annotations

import math
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from urllib.parse import urlparse

from storyline.clean import clean_draft, furniture_candidates, infer_published
from storyline.cluster import StoryIndex
from storyline.components import connected_components
from storyline.dedup import DuplicateIndex, fingerprint, rewrite_score
from storyline.dedup.rewrite import REWRITE_THRESHOLD
from storyline.engines.ner_worker import ner_runner
from storyline.errors import InputError, StoreError
from storyline.extract.article_facts import extract_facts
from storyline.extract.entities.mentions import resolve_in_article
from storyline.ingest.parse import to_draft
from storyline.ingest.sources import read_paths
from storyline.models import (
    Article,
    ArticleFacts,
    Conflict,
    Draft,
    IngestReport,
    Mention,
    RawDocument,
    Rejected,
    Relation,
    Story,
)
from storyline.settings import Settings
from storyline.store.dup_index_sqlite import SqliteDupState
from storyline.store.sqlite import SqliteStore
from storyline.store.story_index_sqlite import SqliteStoryState
from storyline.story.story_facts import find_conflicts
from storyline.text import content_words

ProgressCallback = Callable[[IngestReport], None]
# Dated reports compared with an undated one to infer its date: the nearest in arrival order are the likeliest peers.
_INFERENCE_NEIGHBOURS = 30
# Conflicts kept per story for lists (the story view has them all): template stories (dividend notices) can hold
# thousands of pairwise date conflicts, which a list has no use for.
_KEPT_CONFLICTS = 100


@dataclass(slots=True)
class _Indexes:
    duplicates: DuplicateIndex
    stories: StoryIndex


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    store: SqliteStore,
    settings: Settings,
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Ingest files and folders into the store. Bad inputs are reported and kept with their error, never fatal."""
    return ingest_items(read_paths(paths, settings.max_file_bytes), store, settings, progress)


def ingest_items(
    items: Iterable[RawDocument | Rejected],
    store: SqliteStore,
    settings: Settings,
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Ingest already-read documents (from files, an API request, a feed) batch by batch."""
    report = IngestReport()
    indexes = _Indexes(DuplicateIndex(SqliteDupState(store.conn)), StoryIndex(SqliteStoryState(store.conn)))
    batch: list[RawDocument | Rejected] = []
    for item in items:
        report.read += 1
        batch.append(item)
        if len(batch) >= settings.batch_size:
            _run_batch(batch, store, settings, report, indexes)
            batch = []
            if progress:
                progress(report)
    if batch:
        _run_batch(batch, store, settings, report, indexes)
    refresh_story_meta(store)
    if progress:
        progress(report)
    return report


def _run_batch(
    items: list[RawDocument | Rejected],
    store: SqliteStore,
    settings: Settings,
    report: IngestReport,
    indexes: _Indexes,
) -> None:
    batch = IngestReport()
    try:
        with store.transaction():
            batch_id = store.start_batch()
            _process(items, store, settings, indexes, batch_id, batch)
            store.finish_batch(batch_id, len(items), batch.new, batch.duplicates, len(batch.rejected))
    except Exception as exc:
        # Rolled back: nothing of this batch is in the store, so it can simply be ingested again.
        raise StoreError(f"batch of {len(items)} inputs was rolled back: {type(exc).__name__}: {exc}") from exc
    # Counted into the run's report only once committed, so a rolled-back batch reports nothing as ingested.
    report.new += batch.new
    report.duplicates += batch.duplicates
    report.already_stored += batch.already_stored
    report.rejected.extend(batch.rejected)
    report.stories_touched.update(batch.stories_touched)


def _process(
    items: list[RawDocument | Rejected],
    store: SqliteStore,
    settings: Settings,
    indexes: _Indexes,
    batch_id: int,
    out: IngestReport,
) -> None:
    def reject(r: Rejected) -> None:
        store.save_rejected(r, batch_id)
        out.rejected.append(r)

    raws = [i for i in items if isinstance(i, RawDocument)]
    known = store.known_hashes(r.content_hash for r in raws)
    parsed: list[tuple[RawDocument, Draft]] = []
    for item in items:
        if isinstance(item, Rejected):
            reject(item)
            continue
        if item.content_hash in known:
            out.already_stored += 1
            continue
        known.add(item.content_hash)
        try:
            parsed.append((item, to_draft(item)))
        except InputError as exc:
            reject(Rejected(item.source_path, exc.reason, item.content_hash, item.content))

    recurring = _recurring_lines(parsed, store, settings)
    articles: list[Article] = []
    for raw, draft in parsed:
        article = clean_draft(draft, recurring[_group_key(draft)])
        if not article.text.strip():
            reject(
                Rejected(
                    raw.source_path, "no article text left after removing page furniture", raw.content_hash, raw.content
                )
            )
            continue
        store.save_document(raw, batch_id)
        articles.append(article)

    # NER runs in a worker process while the articles are placed in stories (see extract/ner_runner.py).
    submitted = [a.id for a in articles]  # the order NER sees them in: the articles are sorted next
    entities = (
        ner_runner(settings.spacy_model, settings.facts_workers).submit([a.text for a in articles])
        if settings.facts
        else None
    )
    if settings.order == "published":
        # A stream delivers articles in publication order; undated ones go last, after their likely story exists.
        articles.sort(key=lambda a: (a.published is None, a.published or ""))
    seq = store.next_seq()
    for article in articles:
        article.seq = seq
        seq += 1
        is_copy = _place(article, store, settings, indexes, out.stories_touched)
        out.new += 1
        out.duplicates += int(is_copy)
    redated: set[str] = set()
    for story_id in sorted(out.stories_touched):
        redated.update(_refresh_story(story_id, store, seq))
    if entities is not None:
        _add_facts(dict(zip(submitted, entities.result(), strict=True)), redated, store)


def _add_facts(raw: dict[str, list[tuple[int, int, str]]], redated: set[str], store: SqliteStore) -> None:
    """Facts of the batch's new articles, and again for older articles whose date was just inferred.

    Articles are read back from the store because refreshing their stories may have inferred their dates."""
    new_ids = list(raw)
    fresh = {a.id: a for a in store.articles_by_ids(sorted(set(new_ids) | redated))}
    entity_keys: set[str] = set()
    for article_id, entities in raw.items():
        article = fresh[article_id]
        mentions = resolve_in_article(article.id, article.text, entities)
        entity_keys |= store.save_facts(_facts_or_error(article, mentions))
    older = sorted(redated - set(new_ids))
    for article_id, facts in store.facts_of(older).items():
        entity_keys |= store.save_facts(_facts_or_error(fresh[article_id], facts.mentions))
    # Store-wide entities once per batch: a name in every article ("Reuters") is re-counted once, not per article.
    store.refresh_entities(entity_keys)


def _facts_or_error(article: Article, mentions: list[Mention]) -> ArticleFacts:
    try:
        return extract_facts(article, mentions)
    except Exception as exc:  # a rule that breaks on one text must not cost the batch its other articles
        return ArticleFacts(article.id, mentions=mentions, error=f"facts stage failed: {type(exc).__name__}: {exc}")


def _place(article: Article, store: SqliteStore, settings: Settings, indexes: _Indexes, touched: set[str]) -> bool:
    """Find the article's story, and its copy relations. Returns whether it is a copy of an earlier article."""
    fp = fingerprint(article)
    matches = indexes.duplicates.find(article.id, fp)
    indexes.duplicates.add(article.id, fp)
    relation: Relation | None = None
    story_id: str | None = None
    if matches:
        other, kind, score = matches[0]
        story_id = store.article_story(other)
        relation = Relation(type=kind, a=other, b=article.id, score=round(float(score), 4))
    if story_id is None:
        assignment = indexes.stories.assign(article)
        story_id = assignment.story_id
        for absorbed in assignment.merged:
            store.relabel_story(absorbed, story_id)
            touched.discard(absorbed)
    article.story_id = story_id
    if relation is None:
        relation = _find_rewrite(article, store, settings)
    store.save_article(article)
    if relation is not None:
        store.save_relation(relation)
    touched.add(story_id)
    return relation is not None and relation.type != "rewrite"


def _find_rewrite(article: Article, store: SqliteStore, settings: Settings) -> Relation | None:
    assert article.story_id is not None
    best: tuple[float, str] | None = None
    for other in store.story_articles(article.story_id, limit=settings.rewrite_candidates, newest_first=True):
        score = rewrite_score(other, article)
        if score >= REWRITE_THRESHOLD and (best is None or score > best[0]):
            best = (score, other.id)
    if best is None:
        return None
    return Relation(type="rewrite", a=best[1], b=article.id, score=round(best[0], 4))


def _refresh_story(story_id: str, store: SqliteStore, seq: int) -> list[str]:
    """Recompute what depends on a story's whole membership: dates, title, independent reports. Returns the ids of
    the articles whose publication date changed.

    Related stories are not stored: they change whenever any story grows, so they are read from the story index
    when a story is shown (see views.story_view)."""
    members = store.story_articles(story_id, with_text=False)
    if not members:
        return []
    by_id = {a.id: a for a in members}
    relations = store.relations_among(list(by_id))
    redated = _infer_dates(members, relations, store)
    story = Story(id=story_id, title=_story_title(members), article_ids=[a.id for a in members])
    dates = sorted(a.published for a in members if a.published)
    story.first_published = dates[0] if dates else None
    story.last_published = dates[-1] if dates else None
    story.independent_reports = independent_reports(list(by_id), relations)
    store.save_story(story, seq)
    # Outlets now; conflicts once per ingest run (refresh_story_meta): a large story touched by every batch would
    # otherwise be reconciled in full every batch (Reuters: +30% ingest time, 3.4 s a batch for one template story).
    store.save_story_outlets(story_id, sorted({a.outlet for a in members if a.outlet}))
    return redated


def refresh_story_meta(store: SqliteStore, batch: int = 500) -> int:
    """Recompute the conflicts of the stories whose membership changed since (or that were made before story
    metadata existed), one transaction per `batch` stories. Returns how many; 0, after one indexed query, when none.

    Runs at the end of every ingest run: a story's flag is then current once the run is done, and costs one pass
    over the stories the run touched however many batches touched them. Should a run die before, the next one
    catches up (stale marks are committed with their batch)."""
    pending = store.stale_story_meta()
    for i in range(0, len(pending), batch):
        with store.transaction():
            for story_id in pending[i : i + batch]:
                members = store.story_articles(story_id, with_text=False)
                if members:
                    conflicts = [asdict(c) for c in own_conflicts(members, store)]
                    store.save_story_conflicts(story_id, conflicts, keep=_KEPT_CONFLICTS)
    return len(pending)


def own_conflicts(members: list[Article], store: SqliteStore) -> list[Conflict]:
    """Where a story's own articles disagree: as the story view finds it (`story.facts.find_conflicts`), without
    the related stories' claims and without the parts a flag does not need (entities, timeline, quotes). Texts are
    loaded only for the copies the wording check compares."""
    ids = [a.id for a in members]
    facts = store.facts_of(ids)
    mine = [facts[i] for i in ids if i in facts]
    inside = set(ids)
    copies = [r for r in store.relations_among(ids) if r.a in inside and r.b in inside]
    paired = sorted({x for r in copies for x in (r.a, r.b)})
    texts = {a.id: a.text for a in store.articles_by_ids(paired)} if paired else {}
    claims = [c for f in mine for c in f.claims]
    conflicts, _ = find_conflicts(claims, [d for f in mine for d in f.dated], copies, texts)
    return conflicts


def independent_reports(article_ids: list[str], relations: list[Relation]) -> int:
    """Articles that are not copies or rewrites of one another: connected components of the copy relations."""
    return len(connected_components(article_ids, ((r.a, r.b) for r in relations)))


def _infer_dates(members: list[Article], relations: list[Relation], store: SqliteStore) -> list[str]:
    known = {a.id: a.published for a in members if a.published and a.published_how != "inferred"}
    undated = [a for a in members if a.id not in known]
    changed: list[str] = []
    if not undated or not known:
        return changed
    # Texts are loaded only here, for the undated articles and the dated ones nearest them in arrival order.
    dated = [a for a in members if a.id in known]
    for article in undated:
        origin = next(
            (known[r.a if r.b == article.id else r.b] for r in relations
             if article.id in (r.a, r.b) and known.get(r.a if r.b == article.id else r.b)),
            None,
        )  # fmt: skip
        nearest = sorted(dated, key=lambda a: abs(a.seq - article.seq))[:_INFERENCE_NEIGHBOURS]
        loaded = store.articles_by_ids([article.id] + [a.id for a in nearest])
        text = next(a.text for a in loaded if a.id == article.id)
        # Anchor on the most similar dated report: a weekday in the text ("said Monday") names the day of the
        # event that report is also about, not of the story's first report, which may be days earlier.
        anchor = _most_similar(text, [a for a in loaded if a.id != article.id])
        found = infer_published(text, [known[anchor.id]], origin) if anchor else None
        date, confidence = found if found else (None, 0.0)
        if date != article.published:
            store.set_published(article.id, date, "inferred" if date else None, confidence)
            article.published = date
            article.published_how = "inferred" if date else None
            changed.append(article.id)
    return changed


def _most_similar(text: str, others: list[Article]) -> Article | None:
    if not others:
        return None
    mine = Counter(content_words(text))
    norm = math.sqrt(sum(v * v for v in mine.values())) or 1.0

    def cosine(other: Article) -> float:
        theirs = Counter(content_words(other.text))
        dot = sum(v * theirs.get(k, 0) for k, v in mine.items())
        return dot / (norm * (math.sqrt(sum(v * v for v in theirs.values())) or 1.0))

    return max(others, key=lambda o: (cosine(o), o.published or "", o.id))


def _story_title(members: list[Article]) -> str:
    """The headline of the earliest report that has one; a generated title only when no member has a headline."""
    ordered = sorted(members, key=lambda a: (a.published or "9999", a.seq))
    for article in ordered:
        if not article.title_generated and article.title:
            return article.title
    return ordered[0].title


def _group_key(draft: Draft) -> str | None:
    """Which articles share page furniture: one outlet, else one web site, else one folder (or JSONL file)."""
    if draft.outlet_hint:
        return "outlet:" + draft.outlet_hint.casefold()
    if draft.url:
        host = urlparse(draft.url).netloc.casefold()
        if host:
            return "site:" + host.removeprefix("www.")
    if draft.format == "jsonl":
        # A JSONL dump without source or URL mixes outlets: lines shared by its records are quotes and facts that
        # several reports repeat, not one site's page furniture.
        return None
    path = draft.source_path.split("#", 1)[0]
    return "folder:" + os.path.dirname(os.path.abspath(path))


def _recurring_lines(
    parsed: list[tuple[RawDocument, Draft]], store: SqliteStore, settings: Settings
) -> dict[str | None, frozenset[str]]:
    """Lines seen in enough articles of one group (this batch plus everything stored before) are furniture."""
    per_group: dict[str, Counter[str]] = defaultdict(Counter)
    for _, draft in parsed:
        group = _group_key(draft)
        if group is not None:
            per_group[group].update(set(furniture_candidates(draft.text)))
    recurring: dict[str | None, frozenset[str]] = defaultdict(frozenset)
    for group, counts in per_group.items():
        stored = store.furniture_counts(group, counts)
        recurring[group] = frozenset(
            k for k, n in counts.items() if n + stored.get(k, 0) >= settings.furniture_min_articles
        )
        store.add_furniture_counts(group, dict(counts))
    return recurring
