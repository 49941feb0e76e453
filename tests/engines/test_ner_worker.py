"""The NER worker process: batches go out and come back in order, a script needs no main guard, and a dead worker
costs speed, not the batch."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from storyline.engines.ner_worker import MIN_TEXTS_FOR_WORKER, NerRunner
from storyline.extract.entities.mentions import shared_extractor
from storyline.settings import Settings

MODEL = Settings.load(environ={}).spacy_model
TEXTS = [f"Anja Krell of the Velmar Dockers Union spoke in Oskarby on day {i}." for i in range(MIN_TEXTS_FOR_WORKER)]


def test_batches_come_back_in_order_and_equal_to_in_process_ner() -> None:
    runner = NerRunner(MODEL, 1)
    try:
        first = runner.submit(TEXTS)
        second = runner.submit(list(reversed(TEXTS)))
        expected = list(shared_extractor(MODEL).raw_entities(TEXTS))
        assert first.result() == expected
        assert second.result() == list(reversed(expected))
    finally:
        runner.close()


def test_a_dead_worker_falls_back_to_this_process(recwarn: pytest.WarningsRecorder) -> None:
    runner = NerRunner(MODEL, 1)
    try:
        expected = runner.submit(TEXTS).result()
        [worker] = runner._workers
        worker.process.kill()
        worker.process.wait()
        with pytest.warns(RuntimeWarning, match="NER worker exited"):
            assert runner.submit(TEXTS).result() == expected
    finally:
        runner.close()


def test_a_script_without_a_main_guard_uses_the_worker(tmp_path: Path) -> None:
    # multiprocessing's "spawn" would import this script again in the worker, and run it there.
    script = tmp_path / "no_guard.py"
    script.write_text(
        textwrap.dedent(f"""
        from storyline.engines.ner_worker import NerRunner
        runner = NerRunner({MODEL!r}, 1)
        entities = runner.submit({TEXTS!r}).result()
        print("ran", len(entities), sum(len(e) for e in entities) > 0, len(runner._workers))
        """)
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["ran", str(len(TEXTS)), "True", "1"]
