"""Runs spaCy NER for a batch of texts, in a background process or in this one.

NER is most of the facts stage's cost, and the rest of ingest (cleaning, duplicates, stories, the fact rules) is
pure Python that holds the GIL, so a thread would not overlap them. A separate process holding its own copy of the
model does: the engine submits a batch's clean texts, places the articles in stories meanwhile, then collects the
entities. On two cores that hides most of the rest of ingest behind NER.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache

from storyline.extract.entities import EntityExtractor, shared_extractor

__all__ = ["NerRunner", "ner_runner"]

RawEntities = list[list[tuple[int, int, str]]]

_WORKER: EntityExtractor | None = None


def _load(model_name: str) -> None:
    global _WORKER
    _WORKER = EntityExtractor(model_name)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    # A killed ingest (Ctrl-C twice, kill -9) must not leave a worker burning a core on a batch nobody will read.
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _entities(texts: list[str]) -> RawEntities:
    assert _WORKER is not None, "worker used before its model was loaded"
    return list(_WORKER.raw_entities(texts))


# Below this many texts a batch runs in-process: starting a worker (a new interpreter loading the model) takes
# seconds, more than NER on a few dozen articles.
MIN_TEXTS_FOR_WORKER = 100


class NerRunner:
    """spaCy entities for lists of texts, as futures. With `processes=0`, or for small batches, NER runs in the
    calling process when the result is asked for."""

    def __init__(self, model_name: str, processes: int) -> None:
        self.model_name = model_name
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, texts: list[str]) -> Future[RawEntities] | _Deferred:
        if self.processes > 0 and len(texts) >= MIN_TEXTS_FOR_WORKER:
            if self._pool is None:
                # "spawn": a forked child would inherit the parent's SQLite connections and threads.
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(
                    self.processes, mp_context=context, initializer=_load, initargs=(self.model_name,)
                )
            return self._pool.submit(_entities, texts)
        extractor = shared_extractor(self.model_name)
        return _Deferred(lambda: list(extractor.raw_entities(texts)))


class _Deferred:
    """In-process stand-in for a future: computed when its result is asked for, like a worker would have."""

    def __init__(self, compute: Callable[[], RawEntities]) -> None:
        self._compute = compute

    def result(self) -> RawEntities:
        return self._compute()


@lru_cache(maxsize=4)
def ner_runner(model_name: str, processes: int) -> NerRunner:
    """One runner per (model, processes) for the life of the process: starting a worker loads the model (seconds)."""
    return NerRunner(model_name, processes)
