"""`resonance text ...`: analyse, train and evaluate the text models."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

# The shared evaluation data sits beside the checkout (../shared/eval) in development and CI.
DEFAULT_EVAL_DATA = (
    Path(__file__).resolve().parents[3].parent / "shared" / "eval" / "tone-dev.jsonl"
)

app = typer.Typer(help="Text intelligence: analyse, train, evaluate.", no_args_is_help=True)

ModelDirOpt = Annotated[
    Path | None, typer.Option("--model-dir", help="Tone model directory (default: shipped model).")
]
CacheOpt = Annotated[
    Path | None, typer.Option("--cache-dir", help="On-disk embedding cache directory.")
]


@app.command()
def analyze(
    path: Annotated[str, typer.Option("--path", help="Tone path: accurate or fast.")] = "accurate",
    batch_size: Annotated[int, typer.Option("--batch-size", min=1)] = 64,
    model_dir: ModelDirOpt = None,
    cache_dir: CacheOpt = None,
) -> None:
    """Read {"id","text"[,"lang"]} JSON lines on stdin; write one JSON result line per input."""
    from resonance.text.tone import _analyze as analyze_impl

    if path not in ("accurate", "fast"):
        raise typer.BadParameter("must be 'accurate' or 'fast'", param_hint="--path")
    analyze_impl.run(
        sys.stdin.buffer,
        sys.stdout,
        path="fast" if path == "fast" else "accurate",
        batch_size=batch_size,
        model_dir=model_dir,
        cache_dir=cache_dir,
    )


@app.command()
def train(
    data: Annotated[list[Path], typer.Option("--data", exists=True, dir_okay=False)],
    out: Annotated[Path, typer.Option("--out", file_okay=False)],
    corrections: Annotated[
        list[Path] | None,
        typer.Option(
            "--corrections",
            exists=True,
            dir_okay=False,
            help="Analyst corrections (JSONL); all used for training, up-weighted.",
        ),
    ] = None,
    corrections_weight: Annotated[float, typer.Option("--corrections-weight", min=0.0)] = 3.0,
    cache_dir: CacheOpt = Path("var/cache"),
) -> None:
    """Train the tone models on labelled JSONL, report validation figures and save them."""
    from resonance.text.embedding import Embedder
    from resonance.text.tone._manifest import write_manifest
    from resonance.text.tone._training import TrainConfig
    from resonance.text.tone._training import train as train_model

    cfg = TrainConfig(corrections_weight=corrections_weight)
    result = train_model(
        data,
        out_dir=out,
        corrections=corrections or [],
        embedder=Embedder(cache_dir=cache_dir),
        cfg=cfg,
    )
    write_manifest(out)
    typer.echo(f"saved {result.model.version} to {out}")
    for path_name, langs in result.report.items():
        figures = ", ".join(f"{lang} {v['macro_f1']:.3f}" for lang, v in langs.items())
        typer.echo(f"validation macro-F1 ({path_name}): {figures}")


@app.command("eval")
def eval_cmd(
    data: Annotated[list[Path] | None, typer.Option("--data", exists=True, dir_okay=False)] = None,
    markdown_out: Annotated[
        Path | None,
        typer.Option(
            "--markdown",
            help="Also write the tables to this file (between the eval markers if it has them).",
        ),
    ] = None,
    model_dir: ModelDirOpt = None,
    cache_dir: CacheOpt = Path("var/cache"),
) -> None:
    """Per language: lang-ID accuracy, tone macro-F1/accuracy (95 % CI) and ECE vs open peers."""
    from resonance.text.embedding import Embedder
    from resonance.text.tone import load_model
    from resonance.text.tone._evaluation import evaluate, markdown, write_between_markers

    files = data or [DEFAULT_EVAL_DATA]
    model = load_model(model_dir)
    lid, tone = evaluate(files, model=model, embedder=Embedder(cache_dir=cache_dir))
    title = f"Model `{model.version}` on the validation split of {', '.join(f.name for f in files)}"
    text = markdown(lid, tone, title=f"### {title}")
    typer.echo(text)
    if markdown_out:
        write_between_markers(markdown_out, text)
