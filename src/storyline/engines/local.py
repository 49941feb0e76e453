"""The local engine: runs the pipeline (storyline.pipeline) in-process over a store, one transaction per batch.

It loads and saves; the stages decide. Per batch: read -> skip inputs already stored -> parse -> furniture evidence
-> clean -> order by publication date -> place each article (duplicates, story, rewrite) -> save -> for each story
the batch touched: date inference and the story record -> facts of the new articles (NER in a worker process
meanwhile, see ner_worker.py), and again for articles whose date was just inferred. At the end of a run, in
transactions of their own: the conflicts of the stories whose membership changed, and the store-wide entities.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from contextlib import closing, nullcontext
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

from storyline.clean import batch_line_counts, furniture_group
from storyline.cluster import StoryIndex
from storyline.dedup import DuplicateIndex
from storyline.engines.budget import StageTimeout, stage_budget
from storyline.engines.ner_worker import ner_runner
from storyline.errors import InputError, StoreError
from storyline.ingest.sources import read_paths
from storyline.models import Article, ArticleFacts, Draft, IngestReport, Mention, RawDocument, Rejected
from storyline.pipeline import STAGES
from storyline.reconcile.conflicts import copy_texts_needed
from storyline.settings import Settings
from storyline.store import Store
from storyline.story.members import inference_texts
from storyline.text import token_count, without_surrogates

__all__ = [
    "ProgressCallback",
    "ingest",
    "ingest_into",
    "ingest_items",
    "ingest_paths_into",
    "refresh_derived",
    "refresh_entities",
    "refresh_story_meta",
    "upgrade_store",
]

ProgressCallback = Callable[[IngestReport], None]
T = TypeVar("T")
# A story-scope stage (dates and record over all members) gets this many documents' budgets: it reads many rows.
_STORY_BUDGET_FACTOR = 4
# Conflicts kept per story for lists (the story view has them all): template stories (dividend notices) can hold
# thousands of pairwise date conflicts, which a list has no use for.
_KEPT_CONFLICTS = 100


@dataclass(slots=True)
class _Indexes:
    duplicates: DuplicateIndex
    stories: StoryIndex


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    store: Store,
    settings: Settings,
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Ingest files and folders into the store. Bad inputs are reported and kept with their error, never fatal."""
    return ingest_items(_read(paths, settings), store, settings, progress)


def ingest_into(
    url: str,
    items: Iterable[RawDocument | Rejected],
    settings: Settings,
    progress: ProgressCallback | None = None,
    per_document: bool = False,
) -> IngestReport:
    """Open the store at `url` (created when missing), ingest `items` into it and close it: what the faces call.
    Writers to one store from this process queue here, one after another (three concurrent ingest requests to a
    server made one fail with "database is locked" while another's batch held the store)."""
    from storyline.store import open_store

    with _writer_lock(url), closing(open_store(url)) as store:
        return ingest_items(items, store, settings, progress, per_document)


_WRITERS: dict[str, threading.Lock] = {}
_WRITERS_GUARD = threading.Lock()


def _writer_lock(url: str) -> threading.Lock:
    key = url if url == ":memory:" else os.path.realpath(url.removeprefix("sqlite:///"))
    with _WRITERS_GUARD:
        return _WRITERS.setdefault(key, threading.Lock())


def ingest_paths_into(
    url: str, paths: Iterable[str | os.PathLike[str]], settings: Settings, progress: ProgressCallback | None = None
) -> IngestReport:
    """`ingest_into` for files and folders."""
    return ingest_into(url, _read(paths, settings), settings, progress)


def _read(paths: Iterable[str | os.PathLike[str]], settings: Settings) -> Iterable[RawDocument | Rejected]:
    return read_paths(paths, settings.max_file_bytes, max_line_bytes=settings.max_line_bytes)


def ingest_items(
    items: Iterable[RawDocument | Rejected],
    store: Store,
    settings: Settings,
    progress: ProgressCallback | None = None,
    per_document: bool = False,
) -> IngestReport:
    """Ingest already-read documents (from files, an API request, a feed) batch by batch. With `per_document`,
    the report says what became of each input (IngestReport.documents)."""
    report = IngestReport(documents={} if per_document else None)
    dedup = settings.dedup
    duplicates = DuplicateIndex(
        store.dup_state(),
        threshold=dedup.threshold,
        bands=dedup.bands,
        rows=dedup.rows,
        containment=dedup.containment,
        containment_min_jaccard=dedup.containment_min_jaccard,
    )
    indexes = _Indexes(duplicates, StoryIndex(store.story_state(), settings.cluster))
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
    refresh_derived(store)
    if progress:
        progress(report)
    return report


def _run_batch(
    items: list[RawDocument | Rejected],
    store: Store,
    settings: Settings,
    report: IngestReport,
    indexes: _Indexes,
) -> None:
    batch = IngestReport(documents={} if report.documents is not None else None)
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
    report.already_rejected += batch.already_rejected
    report.rejected.extend(batch.rejected)
    report.stories_touched.update(batch.stories_touched)
    report.failures.extend(batch.failures)
    if report.documents is not None and batch.documents is not None:
        report.documents.update(batch.documents)


def _process(
    items: list[RawDocument | Rejected],
    store: Store,
    settings: Settings,
    indexes: _Indexes,
    batch_id: int,
    out: IngestReport,
) -> None:
    """One batch, every per-document stage under a guard (`_Guard`): a document that fails a stage, or runs past
    its budget, is stored as rejected with its reason and the stage, and the rest of the batch goes on."""
    guard = _Guard(store, batch_id, out, settings.stage_budget_s)
    known = store.known_hashes(_key(i) for i in items)
    known_rejected = store.known_hashes(known, status="rejected") if known else set()
    seen: dict[str, RawDocument] = {}  # this batch's inputs by content hash: a repeat shares the first's fate
    parsed: list[tuple[RawDocument, Draft]] = []
    repeats: list[RawDocument] = []
    for item in items:
        if isinstance(item, Rejected):
            if _key(item) in known_rejected:  # refused the same way before: its reason is refreshed, nothing added
                item.source_path = without_surrogates(item.source_path)
                store.save_rejected(item, batch_id)
                out.already_rejected += 1
            else:
                guard.reject(item)
            continue
        if item.content_hash in known:
            if item.content_hash in known_rejected:
                out.already_rejected += 1
                out.mark(item.content_hash, "already_rejected")
            else:
                out.already_stored += 1
                out.mark(item.content_hash, "already_stored")
            continue
        if item.content_hash in seen:
            repeats.append(item)
            continue
        seen[item.content_hash] = item
        draft = guard.run("parse", item, STAGES["parse"].run, item)
        if draft is not None:
            parsed.append((item, draft))

    recurring = _recurring_lines([d for _, d in parsed], store, settings)
    cleaned: list[tuple[RawDocument, Article]] = []
    for raw, draft in parsed:
        article = guard.run(
            "clean", raw, STAGES["clean"].run, draft, recurring.get(furniture_group(draft), frozenset())
        )
        if article is None:
            continue
        if not article.text.strip():
            guard.reject(
                Rejected(
                    raw.source_path,
                    "no article text left after removing page furniture",
                    raw.content_hash,
                    raw.content,
                    "clean",
                )
            )
            continue
        cleaned.append((raw, article))

    # NER runs in a worker process while the articles are placed in stories (see ner_worker.py). Texts too long
    # for the facts stage get no NER either (see _facts_or_error).
    submitted = [a.id for _, a in cleaned]  # the order NER sees them in: the articles are sorted next
    too_long = {a.id for _, a in cleaned if _too_long_for_facts(a.text, settings)} if settings.facts else set()
    entities = (
        ner_runner(settings.spacy_model, settings.facts_workers).submit(
            ["" if a.id in too_long else a.text for _, a in cleaned]
        )
        if settings.facts
        else None
    )
    if settings.order == "published":
        # A stream delivers articles in publication order; undated ones go last, after their likely story exists.
        cleaned.sort(key=lambda ra: (ra[1].published is None, ra[1].published or ""))
    seq = store.next_seq()
    stored: set[str] = set()
    for raw, article in cleaned:
        article.seq = seq
        placed = guard.run("placement", raw, _place, raw, article, store, settings, indexes, batch_id, savepoint=True)
        if placed is None:
            continue
        seq += 1
        is_copy, touched, absorbed = placed
        out.stories_touched.difference_update(absorbed)
        out.stories_touched.add(touched)
        out.duplicates += int(is_copy)
        out.new += 1
        out.mark(raw.content_hash, "duplicate" if is_copy else "new")
        stored.add(article.id)
    for repeat in repeats:
        first = seen[repeat.content_hash]
        # A repeat of an input of this batch: stored once, and counted as the first fared.
        if first.content_hash in guard.rejected:
            out.already_rejected += 1
        else:
            out.already_stored += 1
    # Story records carry the number caches compare: above anything stored before (entity refreshes bump it too).
    version = max(seq, store.story_version() + 1)
    redated: set[str] = set()
    for story_id in sorted(out.stories_touched):
        changed = guard.run_story("story record", story_id, _refresh_story, story_id, store, version)
        redated.update(changed or [])
    if entities is not None:
        found = dict(zip(submitted, entities.result(), strict=True))
        _add_facts({i: e for i, e in found.items() if i in stored}, too_long, redated, store, settings)


def _key(item: RawDocument | Rejected) -> str:
    """How the store keys an input (store.save_rejected keys an unreadable one, which has no bytes, by its path)."""
    if isinstance(item, RawDocument):
        return item.content_hash
    return item.content_hash or f"unreadable:{without_surrogates(item.source_path)}"


class _Guard:
    """Runs one document's stage so that whatever goes wrong stays with that document: an error, or running past
    the stage's wall-clock budget (engines/budget.py), stores the input as rejected with the stage and the reason.
    With `savepoint`, the stage's writes are undone with it (store.savepoint), so a document is stored whole or
    not at all."""

    def __init__(self, store: Store, batch_id: int, out: IngestReport, budget_s: float) -> None:
        self.store, self.batch_id, self.out, self.budget_s = store, batch_id, out, budget_s
        self.rejected: dict[str, str] = {}  # content hash -> reason, for the batch's repeats

    def reject(self, rejected: Rejected) -> None:
        rejected.source_path = without_surrogates(rejected.source_path)
        self.store.save_rejected(rejected, self.batch_id)
        self.out.rejected.append(rejected)
        self.out.mark(rejected.content_hash, "rejected")
        if rejected.content_hash:
            self.rejected[rejected.content_hash] = rejected.reason

    def run(
        self, stage: str, raw: RawDocument, call: Callable[..., T], *args: Any, savepoint: bool = False
    ) -> T | None:
        try:
            with stage_budget(self.budget_s), self.store.savepoint() if savepoint else nullcontext():
                return call(*args)
        except InputError as exc:
            reason = exc.reason
        except StageTimeout:
            reason = f"{stage} stage ran past its budget of {self.budget_s:g} s (STORYLINE_STAGE_BUDGET_S)"
        except Exception as exc:
            reason = f"{stage} stage failed: {_describe(exc)}"
        self.reject(Rejected(raw.source_path, reason, raw.content_hash, raw.content, stage))
        return None

    def run_story(self, stage: str, story_id: str, call: Callable[..., T], *args: Any) -> T | None:
        """A story-scope stage: on failure the story keeps its previous record, the failure is reported, and the
        story is refreshed again by the next run."""
        try:
            with stage_budget(self.budget_s * _STORY_BUDGET_FACTOR), self.store.savepoint():
                return call(*args)
        except (Exception, StageTimeout) as exc:  # a story's failure must not cost the batch its documents
            what = "ran past its budget" if isinstance(exc, StageTimeout) else f"failed: {_describe(exc)}"
            self.out.failures.append(f"story {story_id}: {stage} stage {what}")
            return None


def _describe(exc: BaseException) -> str:
    """An error as the reason a rejected input keeps: its type and (the first 300 characters of) its message, in
    text the store can hold. Control characters are kept: the faces escape them where they show them."""
    text = str(exc)
    return without_surrogates(f"{type(exc).__name__}: {text[:300]}{'…' if len(text) > 300 else ''}")


def _place(
    raw: RawDocument,
    article: Article,
    store: Store,
    settings: Settings,
    indexes: _Indexes,
    batch_id: int,
) -> tuple[bool, str, set[str]]:
    """Place one article (stages "placement" and "rewrite") and save it with its input. Returns whether it is a
    copy, the story it joined and the stories merged into that one."""
    store.save_document(raw, batch_id)
    placed = STAGES["placement"].run(article, indexes.duplicates, indexes.stories, store.article_story)
    for absorbed in placed.merged:
        store.relabel_story(absorbed, placed.story_id)
    article.story_id = placed.story_id
    relation = placed.relation
    if relation is None:
        # Among the story's most recent members, merged stories' included: they were just relabelled.
        recent = store.story_articles(placed.story_id, limit=settings.rewrite_candidates, newest_first=True)
        relation = STAGES["rewrite"].run(article, recent)
    store.save_article(article)
    if relation is not None:
        store.save_relation(relation)
    return relation is not None and relation.type != "rewrite", placed.story_id, set(placed.merged)


def _refresh_story(story_id: str, store: Store, version: int) -> list[str]:
    """Re-apply the rules over a story's whole membership (stages "story dates" and "story record"). Returns the
    ids of the articles whose publication date changed.

    Related stories are not stored: they change whenever any story grows, so they are read from the story index
    when a story is shown (see read/story.py)."""
    members = store.story_articles(story_id, with_text=False)
    if not members:
        return []
    relations = store.relations_among([a.id for a in members])
    # Texts are loaded only for date inference: the undated members and the dated ones nearest them.
    needed = inference_texts(members)
    texts = {a.id: a.text for a in store.articles_by_ids(needed)} if needed else {}
    changes = STAGES["story dates"].run(members, relations, texts)
    for change in changes:
        store.set_published(change.article_id, change.published, change.how, change.confidence)
    store.save_story(STAGES["story record"].run(story_id, members, relations), version)
    # Outlets now; conflicts once per ingest run (refresh_story_meta): a large story touched by every batch would
    # otherwise be reconciled in full every batch (Reuters: +30% ingest time, 3.4 s a batch for one template story).
    store.save_story_outlets(story_id, sorted({a.outlet for a in members if a.outlet}))
    return [c.article_id for c in changes]


def _add_facts(
    raw: dict[str, list[tuple[int, int, str]]], too_long: set[str], redated: set[str], store: Store, settings: Settings
) -> None:
    """Facts of the batch's new articles (`too_long`: those over the facts limit), and again for older articles
    whose date was just inferred.

    Articles are read back from the store because refreshing their stories may have inferred their dates."""
    new_ids = list(raw)
    fresh = {a.id: a for a in store.articles_by_ids(sorted(set(new_ids) | redated))}
    for article_id, entities in raw.items():
        _save_facts(store, _facts_or_error(fresh[article_id], entities, None, settings, article_id in too_long))
    older = sorted(redated - set(new_ids))
    for article_id, facts in store.facts_of(older).items():
        article = fresh[article_id]
        _save_facts(
            store, _facts_or_error(article, None, facts.mentions, settings, _too_long_for_facts(article.text, settings))
        )


def _save_facts(store: Store, facts: ArticleFacts) -> None:
    store.save_facts(facts, STAGES["name index"].run(facts.article_id, facts.mentions))


def _too_long_for_facts(text: str, settings: Settings) -> bool:
    """Whether a text has more tokens than the facts stage reads (`max_facts_tokens`: NER's cost grows with them)."""
    return token_count(text, settings.max_facts_tokens) > settings.max_facts_tokens


def _facts_or_error(
    article: Article,
    entities: list[tuple[int, int, str]] | None,
    mentions: list[Mention] | None,
    settings: Settings,
    too_long: bool,
) -> ArticleFacts:
    """Stages "mentions" (from NER's `entities`, unless the `mentions` are known) and "facts" on one article, under
    its budget. A text `too_long` (see _too_long_for_facts) is not read for facts; a rule that breaks or runs past
    the budget leaves the article its mentions and the reason: never the batch's other articles."""
    if too_long:
        return ArticleFacts(
            article.id,
            error=f"facts stage skipped: the text has more than {settings.max_facts_tokens:,} tokens "
            f"({len(article.text):,} characters), the limit (STORYLINE_MAX_FACTS_TOKENS)",
        )
    stage = "mentions"
    try:
        with stage_budget(settings.stage_budget_s):
            if mentions is None:
                mentions = STAGES["mentions"].run(article, entities or [])
            stage = "facts"
            return STAGES["facts"].run(article, mentions)
    except StageTimeout:
        error = f"{stage} stage ran past its budget of {settings.stage_budget_s:g} s"
    except Exception as exc:  # a rule that breaks on one text must not cost the batch its other articles
        error = f"{stage} stage failed: {_describe(exc)}"
    return ArticleFacts(article.id, mentions=mentions or [], error=error)


def _recurring_lines(drafts: list[Draft], store: Store, settings: Settings) -> dict[str, frozenset[str]]:
    """Lines seen in enough articles of one group (this batch plus everything stored before) are furniture."""
    recurring: dict[str, frozenset[str]] = {}
    for group, counts in batch_line_counts(drafts).items():
        stored = store.furniture_counts(group, counts)
        recurring[group] = STAGES["furniture evidence"].run(counts, stored, settings.furniture_min_articles)
        store.add_furniture_counts(group, dict(counts))
    return recurring


# -- what the end of a run derives (stage scope "run") --------------------------------------------------------------


def upgrade_store(url: str) -> None:
    """Bring the store at `url` up to date for readers, if it exists: migrate a store an older storyline made and
    derive what it lacks (refresh_derived). A no-op after a few lookups on a current store. A current store whose
    derived data is merely due (an ingest run died before its end) is brought up to date when it can be written,
    and left as it is otherwise: the next ingest catches up."""
    from storyline.store import open_store

    try:
        with closing(open_store(url, readonly=True)) as store:
            upgrade = store.needs_upgrade()
            due = upgrade or bool(
                store.get_meta("names_stale") or store.get_meta("entities_stale") or store.stale_story_meta()
            )
    except StoreError:
        return  # no store yet: nothing to upgrade (readers say so themselves)
    if not due:
        return
    try:
        with closing(open_store(url)) as store:
            refresh_derived(store)
    except StoreError:
        if upgrade:
            raise


def refresh_derived(store: Store) -> None:
    """Bring everything derived across stories up to date: the name index of a store made before it existed, the
    conflicts of stories whose membership changed, and the store-wide entities when any facts changed. Runs at the
    end of every ingest run and when a server opens a store an older storyline made; cheap when nothing is due
    (a few indexed lookups)."""
    if store.get_meta("names_stale"):
        with store.transaction():
            for facts in store.all_facts():
                store.replace_names(facts.article_id, STAGES["name index"].run(facts.article_id, facts.mentions))
            store.set_meta("names_stale", None)
    refresh_story_meta(store)
    refresh_entities(store)


def refresh_story_meta(store: Store, batch: int = 500) -> int:
    """Recompute the conflicts of the stories whose membership changed since (or that were made before story
    metadata existed), one transaction per `batch` stories. Returns how many; 0, after one indexed query, when none.

    A story's flag is then current once the run is done, and costs one pass over the stories the run touched
    however many batches touched them. Should a run die before, the next one catches up (stale marks are committed
    with their batch)."""
    pending = store.stale_story_meta()
    for i in range(0, len(pending), batch):
        with store.transaction():
            for story_id in pending[i : i + batch]:
                ids = [a.id for a in store.story_articles(story_id, with_text=False)]
                if ids:
                    relations = store.relations_among(ids)
                    paired = copy_texts_needed(ids, relations)
                    texts = {a.id: a.text for a in store.articles_by_ids(paired)} if paired else {}
                    found = STAGES["conflicts"].run(ids, store.facts_of(ids), relations, texts)
                    store.save_story_conflicts(story_id, [asdict(c) for c in found], keep=_KEPT_CONFLICTS)
    return len(pending)


def refresh_entities(store: Store) -> bool:
    """Resolve the store-wide entities again when facts changed since they were last resolved (stage "entities"):
    every mention, each article's story as its context, ids kept stable. Stories whose entities changed are marked
    changed, so cached views of them are made again. Returns whether it ran."""
    if not store.get_meta("entities_stale"):
        return False
    with store.transaction():
        mentions = [m for f in store.all_facts() for m in f.mentions]
        story_of = store.article_stories()
        previous = store.mention_entities()
        old_records = store.entity_records(sorted(set(previous.values())))
        records, assigned, redirects = STAGES["entities"].run(mentions, story_of, previous, store.entity_redirects())
        store.replace_entities(records, assigned, redirects)
        # What a story view shows of an entity is its id, name, type and aliases: stories where any of those
        # changed for a mention are marked changed.
        shown = {r.id: (r.name, r.type, tuple(r.aliases)) for r in records}
        was = {r.id: (r.name, r.type, tuple(r.aliases)) for r in old_records.values()}
        changed_articles = {
            article_id
            for (article_id, start), eid in assigned.items()
            if previous.get((article_id, start)) != eid or was.get(eid) != shown.get(eid)
        }
        changed_articles |= {a for (a, start) in previous if (a, start) not in assigned}
        stories = sorted({s for a in changed_articles if (s := story_of.get(a))})
        if stories:
            store.touch_stories(stories, store.story_version() + 1)
    return True
