"""Runs spaCy NER for a batch of texts, in a background process or in this one.

NER is most of the facts stage's cost, and the rest of ingest (cleaning, duplicates, stories, the fact rules) is
pure Python that holds the GIL, so a thread would not overlap them. A separate process holding its own copy of the
model does: the engine submits a batch's clean texts, places the articles in stories meanwhile, then collects the
entities. On two cores that hides most of the rest of ingest behind NER.

The worker is a fresh interpreter running this module (`python -m storyline.engines.ner_worker MODEL`), talking
over its stdin and stdout: length-prefixed pickles, a list of texts in, a list of entity triples (or an error) out,
in order. Not multiprocessing: its "spawn" workers import the caller's main module again, so a script that calls
`ingest` without an `if __name__ == "__main__":` guard would run itself once more in the worker (and break it); and
a forked worker would inherit the parent's SQLite connections and threads.
"""

from __future__ import annotations

import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from functools import lru_cache
from typing import IO, Any

from storyline.errors import WorkerError
from storyline.extract.entities.mentions import EntityExtractor, shared_extractor

__all__ = ["NerRunner", "WorkerError", "ner_runner"]

RawEntities = list[list[tuple[int, int, str]]]

# Below this many texts a batch runs in-process: starting a worker (a new interpreter loading the model) takes
# seconds, more than NER on a few dozen articles.
MIN_TEXTS_FOR_WORKER = 100
_HEADER = struct.Struct(">Q")


def _send(stream: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    """The next message; EOFError when the other side closed the pipe."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    size = _HEADER.unpack(header)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


class _Worker:
    """One worker process and the futures of the batches sent to it, answered in the order they were sent. A
    writer thread feeds it (a large batch must not block `submit` while the worker is busy with the previous one)
    and a reader thread resolves the futures."""

    def __init__(self, model_name: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "storyline.engines.ner_worker", model_name, str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.pending: deque[Future[RawEntities]] = deque()
        self.outbox: queue.SimpleQueue[list[str] | None] = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.failed: WorkerError | None = None
        threading.Thread(target=self._write, daemon=True, name="ner-writer").start()
        threading.Thread(target=self._read, daemon=True, name="ner-reader").start()

    def submit(self, texts: list[str]) -> Future[RawEntities]:
        future: Future[RawEntities] = Future()
        with self.lock:
            if self.failed is not None:
                future.set_exception(self.failed)
                return future
            self.pending.append(future)
            self.outbox.put(texts)
        return future

    def close(self) -> None:
        self.outbox.put(None)

    def _write(self) -> None:
        assert self.process.stdin is not None
        while (texts := self.outbox.get()) is not None:
            try:
                _send(self.process.stdin, texts)
            except (BrokenPipeError, OSError):
                return  # the reader sees the worker gone and fails what is pending
        self.process.stdin.close()

    def _read(self) -> None:
        assert self.process.stdout is not None
        while True:
            try:
                answer = _receive(self.process.stdout)
            except (EOFError, OSError):
                break
            with self.lock:
                future = self.pending.popleft()
            if isinstance(answer, str):
                future.set_exception(WorkerError(f"NER worker: {answer}"))
            else:
                future.set_result(answer)
        code = self.process.wait()
        with self.lock:
            self.failed = WorkerError(f"the NER worker exited (code {code}); its error is above, on stderr")
            while self.pending:
                self.pending.popleft().set_exception(self.failed)


class NerRunner:
    """spaCy entities for lists of texts, as futures. With `processes=0`, or for small batches, NER runs in the
    calling process when the result is asked for. With more processes, batches go to the least busy worker."""

    def __init__(self, model_name: str, processes: int) -> None:
        self.model_name = model_name
        self.processes = processes
        self._workers: list[_Worker] = []

    def submit(self, texts: list[str]) -> _Deferred:
        """The entities of `texts`, when asked for. Should the worker fail, they are computed here instead, with a
        warning: ingest slows down but goes on."""

        def here() -> RawEntities:
            return list(shared_extractor(self.model_name).raw_entities(texts))

        if self.processes > 0 and len(texts) >= MIN_TEXTS_FOR_WORKER:
            self._workers = [w for w in self._workers if w.failed is None]
            if len(self._workers) < self.processes:
                self._workers.append(_Worker(self.model_name))
            future = min(self._workers, key=lambda w: len(w.pending)).submit(texts)
            return _Deferred(lambda: _result_or(future, here))
        return _Deferred(here)

    def close(self) -> None:
        """Let the workers finish what they were sent, then exit."""
        for worker in self._workers:
            worker.close()
        self._workers = []


def _result_or(future: Future[RawEntities], fallback: Callable[[], RawEntities]) -> RawEntities:
    try:
        return future.result()
    except WorkerError as exc:
        warnings.warn(f"{exc}; running NER in this process instead", RuntimeWarning, stacklevel=2)
        return fallback()


class _Deferred:
    """Entities computed (or collected from a worker) when the result is asked for."""

    def __init__(self, compute: Callable[[], RawEntities]) -> None:
        self._compute = compute

    def result(self) -> RawEntities:
        return self._compute()


@lru_cache(maxsize=4)
def ner_runner(model_name: str, processes: int) -> NerRunner:
    """One runner per (model, processes) for the life of the process: starting a worker loads the model (seconds)."""
    return NerRunner(model_name, processes)


# -- the worker process ----------------------------------------------------------------------------------------------


def _exit_with_parent(parent: int) -> None:
    # A killed ingest (Ctrl-C twice, kill -9) must not leave a worker burning a core on a batch nobody will read.
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _serve(model_name: str, parent: int) -> None:
    # The protocol owns the real stdout; anything printed (a library's warning) goes to stderr instead.
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    extractor = EntityExtractor(model_name)
    requests = sys.stdin.buffer
    while True:
        try:
            texts = _receive(requests)
        except EOFError:
            return
        try:
            answer: RawEntities | str = list(extractor.raw_entities(texts))
        except Exception as exc:
            answer = f"{type(exc).__name__}: {exc}"
        _send(replies, answer)


if __name__ == "__main__":
    _serve(sys.argv[1], int(sys.argv[2]))
