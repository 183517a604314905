"""Throughput, load time and memory of the tone paths and embeddings, per language and length."""

from __future__ import annotations

import argparse
import json
import random
import resource
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from resonance.text.embedding import Embedder
from resonance.text.tone import predict_tone
from resonance.text.tone._model import ToneModel, load_model

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "tone-dev.jsonl"
LANGS = ("uk", "ru", "zh", "vi", "fr", "en")


def rss_mb() -> float:
    """Peak resident set size of this process in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def samples(n_short: int, n_long: int) -> dict[tuple[str, str], list[str]]:
    """Short texts (dev rows) and article-sized texts (about 3,000 characters, dev rows joined)."""
    rows = [json.loads(x) for x in DEV.read_text("utf-8").splitlines()]
    rng = random.Random(7)
    out: dict[tuple[str, str], list[str]] = {}
    for lang in LANGS:
        texts = [r["text"] for r in rows if r["lang"] == lang]
        rng.shuffle(texts)
        out[(lang, "short")] = texts[:n_short]
        longs = []
        for i in range(n_long):
            picked = rng.sample(texts, 60)
            longs.append(" ".join(picked)[:3000] + f" {i}")
        out[(lang, "long")] = longs
    return out


def rate(fn: Callable[[Sequence[str]], object], texts: Sequence[str]) -> float:
    """Texts per second of ``fn`` over ``texts`` (one call, batched inside)."""
    start = time.perf_counter()
    fn(texts)
    return len(texts) / max(time.perf_counter() - start, 1e-9)


def main() -> None:
    """Print a Markdown table of measured values against targets."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--short", type=int, default=400)
    parser.add_argument("--long", type=int, default=20)
    args = parser.parse_args()
    t0 = time.perf_counter()
    model = load_model()
    load_s = time.perf_counter() - t0
    data = samples(args.short, args.long)
    emb = Embedder()
    t0 = time.perf_counter()
    emb.embed(["warm-up"])
    emb_load_s = time.perf_counter() - t0
    rows = []
    for (lang, kind), texts in data.items():
        rows.append((lang, kind, *measure(texts, [lang] * len(texts), model, emb)))
    print("| lang | length | fast texts/s | accurate texts/s | embeddings texts/s |")
    print("|---|---|---:|---:|---:|")
    for lang, kind, fast, acc, embed_rate in rows:
        print(f"| {lang} | {kind} | {fast:,.0f} | {acc:,.1f} | {embed_rate:,.1f} |")
    short = [r for r in rows if r[1] == "short"]
    print()
    print("| measure | value | target |")
    print("|---|---:|---:|")
    slowest = [min(r[i] for r in short) for i in (2, 3, 4)]
    print(f"| fast path, short texts/s (slowest language) | {slowest[0]:,.0f} | >= 2,000 |")
    print(f"| accurate path, short texts/s (slowest language) | {slowest[1]:,.1f} | >= 100 |")
    print(f"| embeddings, short texts/s (slowest language) | {slowest[2]:,.1f} | >= 100 |")
    print(f"| tone model load (s) | {load_s:.2f} | - |")
    print(f"| embedding model load (s) | {emb_load_s:.2f} | - |")
    print(f"| peak RSS, all models loaded (MB) | {rss_mb():.0f} | <= 1,024 |")


def measure(
    texts: Sequence[str], langs: list[str], model: ToneModel, emb: Embedder
) -> tuple[float, float, float]:
    """Uncached texts/s of the fast path, the accurate path and plain embeddings."""
    fast = rate(lambda t: predict_tone(t, langs, path="fast", model=model), texts)
    emb.clear_memory_cache()
    embed_rate = rate(emb.embed, texts)
    emb.clear_memory_cache()
    acc = rate(lambda t: predict_tone(t, langs, path="accurate", model=model, embedder=emb), texts)
    emb.clear_memory_cache()
    return fast, acc, embed_rate


if __name__ == "__main__":
    main()
