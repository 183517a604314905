"""The `resonance text analyze` contract: JSON lines in, one JSON result line out per input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any

from resonance.text.embedding import Embedder, get_embedder
from resonance.text.tone._model import ToneModel
from resonance.text.tone._predict import TonePath, default_model, predict_tone


@dataclass(frozen=True)
class Item:
    """A parsed input line: either a text to analyse or an error to report."""

    id: Any
    text: str | None = None
    hint: str | None = None
    error: str | None = None


def parse_line(raw: bytes) -> Item:
    """Parse one input line; invalid UTF-8 bytes become U+FFFD, problems become an error item."""
    line = raw.decode("utf-8", errors="replace").strip()
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Item(None, error=f"invalid JSON: {exc}")
    if not isinstance(obj, dict):
        return Item(None, error=f"expected a JSON object, got {_kind(obj)}")
    ident = obj.get("id")
    if "text" not in obj:
        return Item(ident, error="missing field 'text'")
    text, hint = obj["text"], obj.get("lang")
    if not isinstance(text, str):
        return Item(ident, error=f"field 'text' must be a string, got {_kind(text)}")
    if hint is not None and not isinstance(hint, str):
        return Item(ident, error=f"field 'lang' must be a string, got {_kind(hint)}")
    return Item(ident, text=text, hint=hint)


def _kind(value: object) -> str:
    names = {
        dict: "object",
        list: "array",
        str: "string",
        bool: "boolean",
        int: "number",
        float: "number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def analyze_batch(
    items: list[Item], *, path: TonePath, model: ToneModel, embedder: Embedder | None
) -> list[dict[str, Any]]:
    """Results for a batch, in input order."""
    from resonance.text.language import detect_language

    ok = [it for it in items if it.error is None]
    texts = [it.text or "" for it in ok]
    guesses = [detect_language(t, hint=it.hint) for t, it in zip(texts, ok, strict=True)]
    tones = iter(
        predict_tone(texts, [g.lang for g in guesses], path, model=model, embedder=embedder)
    )
    found = iter(guesses)
    out: list[dict[str, Any]] = []
    for it in items:
        if it.error is not None:
            out.append({"id": it.id, "error": it.error})
            continue
        guess, tone = next(found), next(tones)
        row: dict[str, Any] = {"id": it.id, "lang": guess.lang}
        if guess.lang == "zh":
            row["script"] = guess.script
        row.update(tone=tone.label, tone_scores=_rounded(tone.scores), model=tone.model)
        out.append(row)
    return out


def _rounded(scores: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in scores.items()}


def _batches(stream: IO[bytes], size: int) -> Iterator[list[bytes]]:
    lines = (ln for ln in stream if ln.strip())
    while batch := list(islice(lines, size)):
        yield batch


def run(
    stdin: IO[bytes],
    stdout: IO[str],
    *,
    path: TonePath = "accurate",
    batch_size: int = 64,
    model_dir: Path | None = None,
    cache_dir: Path | None = None,
) -> int:
    """Stream ``stdin`` to ``stdout`` in batches; returns the number of lines written."""
    model = default_model(model_dir)
    embedder = get_embedder(cache_dir) if path == "accurate" else None
    written = 0
    for raw in _batches(stdin, batch_size):
        items = [parse_line(r) for r in raw]
        for row in analyze_batch(items, path=path, model=model, embedder=embedder):
            stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
            written += 1
        stdout.flush()
    return written
