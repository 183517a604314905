"""Campaign detection alone on a large docket (mostly form letters): time, peak memory, quality."""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.feedback.campaign_cases import independent, signed_letter
from tests.feedback.campaign_lang import POOLS

from resonance.feedback.campaigns import CampaignDetector

LANGS = tuple(POOLS)
TARGET_S_PER_MILLION = 30 * 60


def message(seed: int, i: int, form_share: float) -> tuple[str, str, str | None]:
    """Message ``i`` (text, lang, true campaign), the same every time it is asked for."""
    rng = random.Random(seed * 1_000_003 + i)
    lang = rng.choice(LANGS)
    pool = POOLS[lang]
    if rng.random() < form_share:
        k = rng.randrange(len(pool.letters))
        return signed_letter(rng, pool, pool.letters[k], lang)[0], lang, f"{lang}-{k}"
    return independent(rng, pool, lang), lang, None


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pair_scores(cells: Counter[tuple[str | None, object]]) -> tuple[float, float]:
    """Pairwise precision and recall from (true campaign, found campaign) cell counts."""

    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    true_by: Counter[str | None] = Counter()
    found_by: Counter[object] = Counter()
    hits = 0
    for (truth, found), n in cells.items():
        true_by[truth] += n
        found_by[found] += n
        if truth is not None and found is not None:
            hits += pairs(n)
    expected = sum(pairs(n) for truth, n in true_by.items() if truth is not None)
    got = sum(pairs(n) for found, n in found_by.items() if found is not None)
    return (hits / got if got else 1.0), (hits / expected if expected else 1.0)


def run(n: int, seed: int, form_share: float) -> None:
    """Add ``n`` messages one by one, build the campaigns, print the table."""
    rss_before = peak_rss_mib()
    detector = CampaignDetector()
    generate_s = add_s = add_cpu_s = 0.0
    truth: list[str | None] = []
    checkpoints = {n // 4, n // 2, 3 * n // 4, n}
    print(f"{'messages':>10}{'add s':>9}{'msg/s':>9}{'indexed':>9}{'peak RSS MiB':>14}")
    for i in range(n):
        t0 = time.perf_counter()
        text, lang, label = message(seed, i, form_share)
        t1, c1 = time.perf_counter(), time.process_time()
        detector.add(i, text, lang)
        add_s += time.perf_counter() - t1
        add_cpu_s += time.process_time() - c1
        generate_s += t1 - t0
        truth.append(label)
        if i + 1 in checkpoints:
            rate = (i + 1) / add_s
            print(
                f"{i + 1:>10}{add_s:>9.1f}{rate:>9.0f}{detector.indexed:>9}{peak_rss_mib():>14.0f}"
            )
    t0 = time.perf_counter()
    campaigns = detector.campaigns(lambda i: message(seed, int(str(i)), form_share)[0])
    campaigns_s = time.perf_counter() - t0
    found_of: dict[object, object] = {m: c.id for c in campaigns for m in c.member_ids}
    cells = Counter((truth[i], found_of.get(i)) for i in range(n))
    precision, recall = pair_scores(cells)
    total = add_s + campaigns_s
    per_million = total * 1_000_000 / n
    print()
    print(f"messages             {n:,} ({form_share:.0%} form letters, 6 languages, seed {seed})")
    print(f"campaigns found      {len(campaigns)} (true: 12); largest {campaigns[0].size:,}")
    print(f"pairwise P / R       {precision:.4f} / {recall:.4f}")
    print(f"detection (add)      {add_s:.1f} s  ({n / add_s:,.0f} messages/s)")
    print(f"templates            {campaigns_s:.1f} s")
    print(f"detection CPU time   {add_cpu_s:.1f} s  (wall time includes waiting for a core)")
    print(f"generating the docket {generate_s:.1f} s (not counted)")
    print(
        f"peak RSS             {peak_rss_mib():,.0f} MiB (before the detector: {rss_before:,.0f})"
    )
    verdict = "meets" if per_million < TARGET_S_PER_MILLION else "MISSES"
    measured = "measured" if n >= 1_000_000 else "extrapolated linearly"
    print(
        f"per 1,000,000        {per_million / 60:.1f} min ({measured}); {verdict} the 30 min target"
    )


def main() -> None:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--form-share", type=float, default=0.85)
    args = parser.parse_args()
    run(args.n, args.seed, args.form_share)


if __name__ == "__main__":
    main()
