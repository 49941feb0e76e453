"""Quality against gold corpora (`storyline eval TASK`): one module per task, each scoring as the task's published
anchors define it (../shared/corpora/README.md). Import from the submodules: clustering, clustering_run,
extraction, timex, quantities, entities, tls."""

__all__: list[str] = []
