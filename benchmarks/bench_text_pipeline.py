"""Throughput of language ID + analyzer + MinHash per language, short and long texts; load times."""

from __future__ import annotations

import json
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.text.reprint_corpus import LANGS, STORIES

from resonance.text.analyzer import analyzer
from resonance.text.language import detect_language, load_model
from resonance.text.neardup import MinHasher, shingles
from resonance.text.normalize import normalize_text

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "tone-dev.jsonl"
SHORT_TARGET = 5_000  # short texts per second, all three steps, one process
SHORT_N = 1_500
LONG_N = 150


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def short_texts() -> dict[str, list[str]]:
    """Tweet-sized texts (under 280 characters) from the shared eval file, per language."""
    out: dict[str, list[str]] = defaultdict(list)
    for line in EVAL.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if len(row["text"]) < 280 and len(out[row["lang"]]) < SHORT_N:
            out[row["lang"]].append(row["text"])
    return out


def long_texts(lang: str) -> list[str]:
    """Article-sized texts (~3,000 characters): our stories in rotating order, numbered."""
    stories = STORIES[lang]
    return [
        f"{i}\n\n" + "\n\n".join(stories[(i + k) % len(stories)] for k in range(7))
        for i in range(LONG_N)
    ]


def pipeline(texts: list[str], hasher: MinHasher) -> tuple[float, float]:
    """Texts per CPU-second and per wall-second for normalise + language ID + tokens + MinHash.

    CPU time of this process is what "one process" means and what a machine shared with other
    jobs distorts least; wall-clock time is printed beside it.
    """
    start, start_cpu = time.perf_counter(), time.process_time()
    for text in texts:
        clean = normalize_text(text)
        lang = detect_language(clean).lang
        analyzer(lang).tokens(clean)
        hasher.signature(shingles(clean, lang))
    cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start
    return len(texts) / max(cpu, 1e-9), len(texts) / max(wall, 1e-9)


def main() -> None:
    """Print load times and the throughput table."""
    rss0 = peak_rss_mb()
    print(f"{'model load':<34}{'seconds':>10}")
    print(f"{'  language (py3langid, OpenCC)':<34}{timed(load_model):>10.2f}")
    for lang in LANGS:
        seconds = timed(lambda lang=lang: analyzer(lang).tokens("x"))
        print(f"{'  analyzer ' + lang:<34}{seconds:>10.2f}")
    print(
        f"peak RSS after loading: {peak_rss_mb():.0f} MB (interpreter + imports: {rss0:.0f} MB)\n"
    )

    hasher = MinHasher()
    shorts = short_texts()
    print("texts/s are per CPU-second of this process (time.process_time); wall beside it")
    print(
        f"{'lang':<6}{'size':<7}{'avg chars':>10}{'texts/s':>10}{'wall':>8}{'target':>9}"
        f"{'peak RSS MB':>13}"
    )
    for lang in LANGS:
        for size, texts in (("short", shorts[lang]), ("long", long_texts(lang))):
            rate, wall = pipeline(texts, hasher)
            avg = sum(map(len, texts)) / len(texts)
            target = f">={SHORT_TARGET}" if size == "short" else "-"
            ok = "" if size == "long" or rate >= SHORT_TARGET else "  BELOW"
            print(
                f"{lang:<6}{size:<7}{avg:>10.0f}{rate:>10.0f}{wall:>8.0f}{target:>9}"
                f"{peak_rss_mb():>13.0f}{ok}"
            )
    everything = [t for lang in LANGS for t in shorts[lang]]
    rate, wall = pipeline(everything, hasher)
    print(
        f"{'all':<6}{'short':<7}{'':>10}{rate:>10.0f}{wall:>8.0f}{'>=' + str(SHORT_TARGET):>9}"
        f"{peak_rss_mb():>13.0f}  (warm word caches)"
    )


if __name__ == "__main__":
    main()
