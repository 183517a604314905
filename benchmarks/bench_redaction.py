"""Throughput of PII redaction (texts/s, MB/s): short messages, long letters, hostile input."""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.feedback.pii_cases import non_pii_cases, pii_cases

from resonance.feedback.redaction import redact


def corpora(n_short: int, n_long: int) -> dict[str, list[str]]:
    """Short feedback messages, letter-sized texts (about 5,000 characters) and hostile ones."""
    rng = random.Random(11)
    sentences = [c.text for c in pii_cases()] + [c.text for c in non_pii_cases()]
    short = [rng.choice(sentences) for _ in range(n_short)]
    long = []
    for _ in range(n_long):
        parts: list[str] = []
        while sum(map(len, parts)) < 5000:
            parts.append(rng.choice(sentences))
        long.append(" ".join(parts))
    return {
        "short (~60 chars)": short,
        "long (~5,000 chars)": long,
        "digits 1 MB": ["1 " * 500_000],
        "mixed 1 MB": ["тел. 050 123 45 67, a@b.co, 12.03.2024 \u200f😀 " * 22_000],
    }


def run(texts: list[str], fn: Callable[[str], object]) -> tuple[float, float]:
    """Texts per second and MB per second for one pass over `texts`."""
    started = time.perf_counter()
    for text in texts:
        fn(text)
    elapsed = time.perf_counter() - started
    size = sum(len(t.encode("utf-8", "surrogatepass")) for t in texts) / 1e6
    return len(texts) / elapsed, size / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--short", type=int, default=5000)
    parser.add_argument("--long", type=int, default=200)
    args = parser.parse_args()
    print(f"{'corpus':<22}{'texts':>7}{'texts/s':>12}{'MB/s':>9}")
    for name, texts in corpora(args.short, args.long).items():
        rate, mbps = run(texts, redact)
        print(f"{name:<22}{len(texts):>7}{rate:>12,.1f}{mbps:>9.2f}")


if __name__ == "__main__":
    main()
