"""A wall-clock budget for one document in one stage: past it, the stage is abandoned and the document recorded.

One watchdog thread keeps the deadlines of the threads that run a stage under a budget. When a deadline passes it
raises `StageTimeout` in that thread (CPython's PyThreadState_SetAsyncExc): the exception surfaces at the thread's
next bytecode, so a rule looping in Python (a regular expression engine between matches, a walk over a huge list)
is stopped wherever it is and the engine's per-document guard records it. Any thread works, not only the main one
(the API ingests in a worker thread), unlike SIGALRM.

What it cannot stop is one call into C that never returns to Python (lxml on a pathological page): that is why the
readers bound their inputs before parsing (ingest/html.py), and why NER runs on bounded pieces (extract/entities).
"""

from __future__ import annotations

import ctypes
import heapq
import itertools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["StageTimeout", "stage_budget"]


class StageTimeout(BaseException):
    """A stage ran past its wall-clock budget for one document. A BaseException, like KeyboardInterrupt, so that a
    stage's own `except Exception` cannot swallow it and run on."""


class _Watchdog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._heap: list[tuple[float, int]] = []  # (deadline, token)
        self._active: dict[int, int] = {}  # token -> thread ident
        self._fired: set[int] = set()
        self._tokens = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float) -> int:
        with self._lock:
            token = next(self._tokens)
            self._active[token] = threading.get_ident()
            heapq.heappush(self._heap, (time.monotonic() + seconds, token))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, daemon=True, name="stage-watchdog")
                self._thread.start()
            self._wake.notify()
            return token

    def disarm(self, token: int) -> None:
        with self._lock:
            thread = self._active.pop(token, None)
            if token in self._fired:
                self._fired.discard(token)
                # Fired but perhaps not raised yet (the stage ended between the deadline and its next bytecode):
                # withdraw it, so it cannot surface later in code that has nothing to do with this stage.
                if thread is not None:
                    _raise_in(thread, None)

    def _run(self) -> None:
        with self._lock:
            while True:
                while self._heap and self._heap[0][1] not in self._active:
                    heapq.heappop(self._heap)  # disarmed in time
                if not self._heap:
                    self._wake.wait(60.0)
                    continue
                deadline, token = self._heap[0]
                wait = deadline - time.monotonic()
                if wait > 0:
                    self._wake.wait(wait)
                    continue
                heapq.heappop(self._heap)
                self._fired.add(token)
                _raise_in(self._active[token], StageTimeout)


_SET_ASYNC_EXC = ctypes.pythonapi.PyThreadState_SetAsyncExc
# A pointer rather than py_object: NULL (None here) withdraws a pending exception, and a py_object None would be
# Python's None instead. The class is kept alive by its module, so its address stays valid.
_SET_ASYNC_EXC.argtypes = (ctypes.c_ulong, ctypes.c_void_p)
_SET_ASYNC_EXC.restype = ctypes.c_int


def _raise_in(thread_ident: int, exc: type[BaseException] | None) -> None:
    _SET_ASYNC_EXC(thread_ident, id(exc) if exc is not None else None)


_WATCHDOG = _Watchdog()


@contextmanager
def stage_budget(seconds: float) -> Iterator[None]:
    """Run the block with `seconds` of wall-clock time; past it, StageTimeout is raised inside the block. Zero or
    less: no budget. Nested budgets are fine (each raises when its own deadline passes)."""
    if seconds <= 0:
        yield
        return
    token = _WATCHDOG.arm(seconds)
    try:
        yield
    finally:
        _WATCHDOG.disarm(token)
