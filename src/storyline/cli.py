"""The `storyline` command line: parses arguments, calls one library function, maps errors to exit codes.

Exit codes: 0 ran (rejected inputs are reported, not fatal), 1 the store could not be read or written, 2 usage.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from storyline import __version__
from storyline.errors import SettingsError, StoreError, StorylineError
from storyline.models import IngestReport
from storyline.settings import Settings

if TYPE_CHECKING:
    from storyline.read import Reader


# Article text comes from anywhere: a title can hold terminal escapes (clear the screen, retitle the window, hide
# what follows). Text printed keeps only line breaks and tabs of the C0 and C1 controls; the rest are shown as
# visible escapes ("\x1b").
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# In JSON the same characters are written as \u escapes: the same JSON to a parser, inert on a terminal (json.dumps
# escapes C0 controls itself, but not DEL or the C1 controls).
_JSON_RAW_CONTROLS = re.compile(r"[\x7f-\x9f]")


def _printable(text: str) -> str:
    """`text` with every control character but newline and tab replaced by a visible escape."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


def _say(text: str = "", **options: Any) -> None:
    """click.echo of text that may hold article data, made safe for a terminal (`_printable`)."""
    click.echo(_printable(text), **options)


def _emit_json(data: Any) -> None:
    """Strict JSON on stdout: NaN and infinities as null (strict parsers refuse them), control characters escaped."""
    from storyline.read.safety import dumps

    text = dumps(data, indent=2, separators=(",", ": "))
    click.echo(_JSON_RAW_CONTROLS.sub(lambda m: f"\\u{ord(m[0]):04x}", text))


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj["settings"]


def _reader(ctx: click.Context) -> Reader:
    # Imported here: `storyline --help` must not load the read side's dependencies.
    from storyline.read import open_reader

    return open_reader(_settings(ctx).db)


class _Group(click.Group):
    """Maps storyline errors to exit codes and one clear line on stderr, instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StorylineError as exc:
            _say(f"error: {exc}", err=True)
            sys.exit(2 if isinstance(exc, SettingsError) else 1)


@click.group(cls=_Group)
@click.option(
    "--db", type=click.Path(dir_okay=False), default=None, help="Store file (default ./storyline.db, or $STORYLINE_DB)."
)
@click.version_option(__version__, prog_name="storyline")
@click.pass_context
def main(ctx: click.Context, db: str | None) -> None:
    """storyline: news articles in, stories out."""
    try:
        ctx.obj = {"settings": Settings.load(db=db)}
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from exc


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--order",
    type=click.Choice(["published", "input"]),
    default=None,
    help="Assign articles in publication order (default) or as given.",
)
@click.option("--batch-size", type=int, default=None, help="Articles per transaction (default 500).")
@click.option(
    "--facts/--no-facts",
    default=None,
    help="Extract entities, dates, claims and quotes (default on; off is several times faster).",
)
@click.pass_context
def ingest(
    ctx: click.Context, paths: tuple[str, ...], order: str | None, batch_size: int | None, facts: bool | None
) -> None:
    """Ingest files or folders (recursively): text, HTML, JSONL.

    Example: storyline --db news.db ingest examples/
    """
    from storyline.engines.local import ingest_paths_into

    settings = Settings.load(db=_settings(ctx).db, order=order, batch_size=batch_size, facts=facts)
    show_progress = sys.stderr.isatty()

    def progress(report: IngestReport) -> None:
        if show_progress:
            click.echo(
                f"\r  read {report.read}  new {report.new}  duplicates {report.duplicates}  "
                f"rejected {len(report.rejected)}",
                err=True,
                nl=False,
            )

    report = ingest_paths_into(settings.db, paths, settings, progress)
    if show_progress:
        click.echo("", err=True)
    for rejected in report.rejected:
        _say(f"rejected {rejected.source_path}: {rejected.reason}", err=True)
    click.echo(report.summary())


@main.command()
@click.option("--json", "as_json", is_flag=True, help="JSON on stdout.")
@click.pass_context
def rejected(ctx: click.Context, as_json: bool) -> None:
    """List the inputs stored as rejected, with the reason and the stage that failed.

    Example: storyline --db news.db rejected
    """
    with _reader(ctx) as reader:
        data = reader.rejected()
    if as_json:
        _emit_json(data)
        return
    for r in data:
        stage = f" [{r['stage']}]" if r.get("stage") else ""
        _say(f"{r['source_path']}{stage}: {r['error']}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="JSON on stdout.")
@click.option("--limit", type=int, default=None)
@click.pass_context
def stories(ctx: click.Context, as_json: bool, limit: int | None) -> None:
    """List stories, largest first.

    Example: storyline --db news.db stories --limit 20
    """
    with _reader(ctx) as reader:
        data = reader.stories(limit=limit)
    if as_json:
        _emit_json(data)
        return
    for s in data:
        span = " .. ".join(d for d in (s["first_published"], s["last_published"]) if d) or "undated"
        _say(f"{s['id']}  {s['size']:>3} articles  {s['independent_reports']:>3} independent  {span}  {s['title']}")


@main.command()
@click.argument("story_id")
@click.option("--json", "as_json", is_flag=True, help="JSON on stdout.")
@click.pass_context
def story(ctx: click.Context, story_id: str, as_json: bool) -> None:
    """Show one story with its articles and relations.

    Example: storyline --db news.db story s1a2b3c4d5e6 --json
    """
    with _reader(ctx) as reader:
        data = reader.story(story_id)
    if as_json:
        _emit_json(data)
        return
    _say(f"{data['title']}  ({data['id']})")
    _say(f"{data['size']} articles, {data['independent_reports']} independent reports")
    for a in data["articles"]:
        _say(f"  {a['id']}  {a['published'] or 'undated':<10}  {a['outlet'] or '-':<20}  {a['title']}")
    for r in data["relations"]:
        _say(f"  {r['type']}: {r['a']} -> {r['b']} ({r['score']:.2f})")
    for rel in data["related_stories"]:
        _say(f"  related: {rel['id']} ({rel['score']:.2f})")
    if data["timeline"]:
        _say("timeline:")
    for e in data["timeline"]:
        mark = "≈" if e["uncertain"] else " "
        _say(f"  {mark}{e['date']:<11} {e['text'][:100]}  [{', '.join(e['articles'])}]")
    for c in data["conflicts"]:
        sides = " vs ".join(
            f"{s['value'] if s['value'] is not None else s['text']} ({', '.join(s['articles'])})" for s in c["sides"]
        )
        _say(f"  {c['kind']}: {c['about']}: {sides}")


@main.command()
@click.argument("story_id")
@click.option("--json", "as_json", is_flag=True, help="JSON on stdout.")
@click.option("--storyline", "wide", is_flag=True, help="The wider thread: this story and its related stories.")
@click.pass_context
def timeline(ctx: click.Context, story_id: str, as_json: bool, wide: bool) -> None:
    """A story's timeline: one entry per event, citing every article that reports it (≈ marks inferred dates).

    Example: storyline --db news.db timeline s1a2b3c4d5e6 --storyline
    """
    with _reader(ctx) as reader:
        data = reader.story(story_id)
    entries = data["storyline"] if wide else data["timeline"]
    if as_json:
        _emit_json(entries)
        return
    for e in entries:
        mark = "≈" if e["uncertain"] else " "
        others = [s for s in e.get("stories", []) if s != story_id]
        story = f" (also {', '.join(others)})" if others else ""
        _say(f"{mark}{e['date']:<11} {e['text']}{story}  [{', '.join(e['articles'])}]")


@main.command()
@click.argument("story_id")
@click.option("--html", "as_html", is_flag=True, help="A standalone HTML page instead of Markdown.")
@click.pass_context
def brief(ctx: click.Context, story_id: str, as_html: bool) -> None:
    """A briefing of a story (Markdown, or HTML): summary with citations, timeline, disputed figures, sources.

    Example: storyline --db news.db brief s1a2b3c4d5e6 --html > brief.html
    """
    with _reader(ctx) as reader:
        text = reader.brief(story_id, html=as_html)
    _say(text, nl=False)


@main.command(name="whats-new")
@click.argument("story_id")
@click.option("--since", required=True, help="A date (YYYY-MM-DD) or an article id of the story.")
@click.option("--json", "as_json", is_flag=True, help="JSON on stdout.")
@click.pass_context
def whats_new_(ctx: click.Context, story_id: str, since: str, as_json: bool) -> None:
    """What a story gained since a date or an article: new reports, events, figures, revisions, quotes.

    Example: storyline --db news.db whats-new s1a2b3c4d5e6 --since 2025-12-09
    """
    with _reader(ctx) as reader:
        data = reader.whats_new(story_id, since)
    if as_json:
        _emit_json(data)
        return
    _say(f"{len(data['articles'])} new articles since {since}")
    for e in data["timeline"]:
        _say(f"  {e['status']:<9} {e['date']:<11} {e['text'][:100]}")
    for c in data["revised"]:
        _say(f"  revised   {c['about']}")
    for q in data["quotes"]:
        _say(f"  quote     {q['speaker'] or 'unknown'}: “{q['text'][:80]}”")


@main.command()
@click.option("--input", "input_path", required=True, type=click.Path(exists=True), help="CSV (date,text) or JSONL.")
@click.option("--max-dates", type=int, default=10, show_default=True, help="Dates in the timeline.")
@click.option("--sentences", type=int, default=1, show_default=True, help="Sentences per date.")
@click.option("--json", "as_json", is_flag=True, help="JSON on stdout.")
def tls(input_path: str, max_dates: int, sentences: int, as_json: bool) -> None:
    """Timeline of a long-running topic: its most important dates, a sentence or two each.

    Example: storyline tls --input topic.jsonl --max-dates 12
    """
    from storyline.ingest.topic import read_topic
    from storyline.story.tls import build_timeline

    if max_dates < 1 or sentences < 1:
        raise click.UsageError("--max-dates and --sentences must be at least 1")
    documents, skipped = read_topic(Path(input_path))
    for reason in skipped:
        _say(f"skipped {reason}", err=True)
    result = build_timeline(documents, max_dates, sentences)
    if as_json:
        _emit_json({"documents": len(documents), "skipped": len(skipped),
                    "timeline": [{"date": d, "sentences": s} for d, s in result]})  # fmt: skip
        return
    for day, picked in result:
        _say(day)
        for sentence in picked:
            _say(f"  {sentence}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="JSON on stdout.")
@click.option("--limit", type=int, default=None, help="Only the most widely reported N entities.")
@click.pass_context
def entities(ctx: click.Context, as_json: bool, limit: int | None) -> None:
    """List canonical entities (aliases merged across articles) and the stories they appear in.

    Every id is the entity's one id: the same in story views, on the entity pages and in the API.

    Example: storyline --db news.db entities --limit 50 --json
    """
    with _reader(ctx) as reader:
        data = reader.entities(limit=limit)
    if as_json:
        _emit_json(data)
        return
    for e in data:
        aliases = f"  ({'; '.join(e['aliases'])})" if e["aliases"] else ""
        _say(f"{e['type']:<7} {e['name']}{aliases}  {len(e['articles'])} articles, stories {' '.join(e['stories'])}")


@main.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="JSON on stdout.")
@click.pass_context
def article(ctx: click.Context, article_id: str, as_json: bool) -> None:
    """Show one article: clean text, metadata and the furniture removed from it.

    Example: storyline --db news.db article a1b2c3d4e5f6 --json
    """
    with _reader(ctx) as reader:
        data = reader.article(article_id)
    if as_json:
        _emit_json(data)
        return
    _say(data["title"] + ("  (generated title)" if data["title_generated"] else ""))
    _say(f"published {data['published'] or 'unknown'} ({data['published_how'] or '-'}), outlet {data['outlet'] or '-'}")
    _say("")
    _say(data["text"])


@main.command()
@click.option("--host", default=None, help="Interface to listen on (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default 8000).")
@click.option(
    "--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Server processes (one per core)."
)
@click.option(
    "--warm",
    type=click.IntRange(min=0),
    default=None,
    help="Prepare the story list, the entities and the pages of the N largest stories at start (default 20; 0: no).",
)
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, workers: int, warm: int | None) -> None:
    """Serve the web UI at / and the API under /api/.

    Example: storyline --db news.db serve --port 8000 --workers 2
    """
    import os
    import socket

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from storyline.web.app import create_app

    settings = Settings.load(db=_settings(ctx).db, host=host, port=port, warm_stories=warm)
    if not Path(settings.db).exists():
        raise StoreError(f"no store at {settings.db}: run `storyline ingest PATH` first, or pass --db")
    click.echo(f"serving {settings.db} on http://{settings.host}:{settings.port}/", err=True)
    if workers == 1:
        uvicorn.run(create_app(settings, warm=True), host=settings.host, port=settings.port, log_level="warning")
        return
    # Worker processes build their own app: they get the settings through the environment, as Settings.load reads.
    os.environ["STORYLINE_DB"] = str(Path(settings.db).resolve())
    os.environ["STORYLINE_WARM_STORIES"] = str(settings.warm_stories)
    # The address too: the app answers to the Host names it listens on (web/security.py).
    os.environ["STORYLINE_HOST"] = settings.host
    config = uvicorn.Config(
        "storyline.cli:app_from_environment",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        log_level="warning",
    )
    # What uvicorn.run does for workers, plus TCP_NODELAY on the shared socket, which accepted connections inherit:
    # asyncio sets it only on sockets it made itself, so without it every response waited ~40 ms for a delayed ACK
    # (measured: 23 requests/s on one connection instead of 1,200).
    sock = config.bind_socket()
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    Multiprocess(config, sockets=[sock]).run()


def app_from_environment() -> Any:
    """The web app of the settings in the environment (STORYLINE_*): what each `serve --workers` process runs."""
    from storyline.web.app import create_app

    return create_app(Settings.load(), warm=True)


@main.command()
@click.option("--what", type=click.Choice(["stories", "articles", "claims", "timeline"]), required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet", "markdown"]),
    default="jsonl",
    show_default=True,
    help="Markdown of stories is their briefings.",
)
@click.option("--story", "story_id", default=None, help="Only this story.")
@click.option(
    "--output", type=click.Path(dir_okay=False), default=None, help="File to write (default stdout; Parquet needs one)."
)
@click.pass_context
def export(ctx: click.Context, what: str, fmt: str, story_id: str | None, output: str | None) -> None:
    """Export stories, articles, claims or timeline entries as JSONL, CSV, Parquet or Markdown.

    Example: storyline export --what claims --format csv --output claims.csv
    """
    from storyline.read.export import parquet_available

    if fmt == "parquet" and output is None:
        raise click.UsageError("--format parquet writes a binary file: pass --output FILE")
    if fmt == "parquet" and not parquet_available():
        raise click.UsageError("--format parquet needs pyarrow: pip install pyarrow (or use jsonl or csv)")
    with _reader(ctx) as reader:
        if output is None:
            reader.export(what, fmt, stream=sys.stdout, story_id=story_id)
        else:
            n = reader.export(what, fmt, path=Path(output), story_id=story_id)
            noun = "timeline entries" if what == "timeline" else what
            click.echo(f"wrote {n} {noun} to {output}", err=True)


@main.group()
def embeddings() -> None:
    """The dense vectors of all-MiniLM-L6-v2, from its package (the MiniLM baseline of `eval clustering`).

    Example: storyline embeddings build
    """


@embeddings.command(name="build")
@click.option("--force", is_flag=True, help="Rebuild the table even if it exists.")
def embeddings_build(force: bool) -> None:
    """Distil the static word-piece table from the packaged model (once, at install: `make setup` runs this)."""
    from storyline.cluster.embeddings import distil_static, table_path

    path = table_path()
    if path.exists() and not force:
        click.echo(f"static embeddings: {path} (already built)")
        return
    click.echo(f"static embeddings: built {distil_static(path)}")


@main.command(name="eval")
@click.argument("task", type=click.Choice(["clustering", "extraction", "timex", "quantities", "entities", "timeline"]))
@click.option(
    "--data", "data", required=True, type=click.Path(exists=True), help="Gold data: a JSONL file or a folder."
)
@click.option("--json", "as_json", is_flag=True, help="JSON on stdout.")
@click.option(
    "--shuffles",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="clustering: also ingest this many seeded random orders of the file and report their F1, mean and min.",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="clustering: seed of the first shuffle (then seed+1, ...)."
)
@click.option(
    "--no-baselines",
    "no_baselines",
    is_flag=True,
    help="clustering: skip the TF-IDF and MiniLM average-link baselines.",
)
@click.pass_context
def eval_(
    ctx: click.Context, task: str, data: str, as_json: bool, shuffles: int, seed: int, no_baselines: bool
) -> None:
    """Measure quality on a gold corpus (layout as in ../shared/corpora/).

    \b
    clustering  ECB+-style JSONL of articles with gold story ids (BCubed F1), ingested as `ingest` does, beside
                TF-IDF and MiniLM average-link baselines (thresholds fitted on the other half of the topics)
    extraction  HTML pages with gold article text (shingle F1, beside plain trafilatura)
    timex       tempeval3/ (timex.jsonl) or meantime/ (documents.jsonl): strict, relaxed and value F1
    quantities  newsquant/ (NewsQuant.json): value, value+unit and change F1
    entities    meantime/: mention F1 per type and cross-document BCubed, beside a plain-spaCy baseline
    timeline    timeline17/: Date-F1 and alignment ROUGE-1/2 per topic and mean, beside a mention-count baseline

    Example: storyline eval clustering --data ../shared/corpora/clustering/ecbplus_dev.jsonl --shuffles 5
    """
    from click.core import ParameterSource

    if task != "clustering":
        given = [
            f"--{name.replace('_', '-')}"
            for name in ("shuffles", "seed", "no_baselines")
            if ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, None)
        ]
        if given:
            raise click.UsageError(f"{', '.join(given)}: only for `eval clustering`, not `eval {task}`")
    result = _evaluate(task, Path(data), shuffles=shuffles, seed=seed, baselines=not no_baselines)
    if as_json:
        _emit_json(result)
        return
    if task == "clustering":
        from storyline.evaluate.clustering_run import format_clustering_report

        click.echo(format_clustering_report(result))
        return
    for key, value in result["metrics"].items():
        click.echo(f"{key:>28}: {value:.4f}" if isinstance(value, float) else f"{key:>28}: {value}")


def _evaluate(task: str, data: Path, shuffles: int = 0, seed: int = 0, baselines: bool = True) -> dict[str, Any]:
    """The task's report; `shuffles`, `seed` and `baselines` are clustering's (eval_ refuses them elsewhere)."""
    if task == "clustering":
        from storyline.evaluate.clustering_run import evaluate_clustering_file

        return evaluate_clustering_file(data, shuffles=shuffles, seed=seed, baselines=baselines)
    if task == "extraction":
        from storyline.evaluate.extraction import evaluate_extraction

        return evaluate_extraction(data)
    if task == "timex":
        from storyline.evaluate.timex import evaluate_timex, evaluate_timex_meantime

        meantime = data.name == "documents.jsonl" or (data / "documents.jsonl").is_file()
        return evaluate_timex_meantime(data) if meantime else evaluate_timex(data)
    if task == "quantities":
        from storyline.evaluate.quantities import evaluate_quantities

        return evaluate_quantities(data)
    if task == "timeline":
        from storyline.evaluate.tls import evaluate_timeline

        return evaluate_timeline(data)
    from storyline.evaluate.entities import evaluate_entities

    return evaluate_entities(data)


if __name__ == "__main__":  # pragma: no cover
    main()
