#!/usr/bin/env python3
"""Turns a compare.sh result directory into a HEAD/BASE table.

    python3 benchmarks/compare.py <dir>   > compare.md

<dir> holds JMH JSON files named <benchmark>-t<threads>-r<round>-<side>.json, side "base" or
"head" (compare.sh writes them). For each benchmark, parameter set and thread count, each side's
measured iterations are pooled over the rounds: the mean and its error (99.9% confidence,
Student's t, as JMH computes it). The ratio is HEAD's mean over BASE's (higher is better for a
throughput, lower for a time per operation: the unit is shown); its error combines the two sides'
relative errors. "per round" is each round's HEAD/BASE: the two jars of one round ran next to
each other, so a spread there is the noise of the comparison itself. A ratio whose error is 5%
or more is marked with "!". Where a benchmark counts gets and loads (the over-full read-through),
each side's hit rate is given too.
"""
import glob
import json
import math
import os
import re
import statistics
import sys

FILE = re.compile(r"^(?P<name>.+)-t(?P<threads>[^-]+)-r(?P<round>\d+)-(?P<side>base|head)\.json$")

# Two-sided 99.9% quantiles of Student's t by degrees of freedom; between rows the next lower
# row's (a wider, safe interval); beyond the last, the normal quantile.
T_999 = [(1, 636.619), (2, 31.599), (3, 12.924), (4, 8.610), (5, 6.869), (6, 5.959), (7, 5.408),
         (8, 5.041), (9, 4.781), (10, 4.587), (11, 4.437), (12, 4.318), (13, 4.221), (14, 4.140),
         (15, 4.073), (16, 4.015), (17, 3.965), (18, 3.922), (19, 3.883), (20, 3.850),
         (21, 3.819), (22, 3.792), (23, 3.768), (24, 3.745), (25, 3.725), (26, 3.707),
         (27, 3.690), (28, 3.674), (29, 3.659), (30, 3.646), (40, 3.551), (60, 3.460),
         (120, 3.373)]
Z_999 = 3.291


def t_quantile(df):
    if df > T_999[-1][0]:
        return Z_999
    return [t for d, t in T_999 if d <= df][-1]


def mean_and_error(values):
    """The mean and the half-width of its 99.9% confidence interval (None with one value)."""
    mean = statistics.fmean(values)
    if len(values) < 2:
        return mean, None
    return mean, t_quantile(len(values) - 1) * statistics.stdev(values) / math.sqrt(len(values))


def load(directory):
    """{(name, params, threads): {side: {round: result}}} from the directory's JSON files."""
    groups = {}
    for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        match = FILE.match(os.path.basename(path))
        if not match:
            continue
        with open(path) as f:
            text = f.read().strip()
        for result in json.loads(text) if text else []:
            params = tuple(sorted(result.get("params", {}).items()))
            key = (match["name"], params, result["threads"])
            groups.setdefault(key, {}).setdefault(match["side"], {})[int(match["round"])] = result
    return groups


def iterations(result):
    return [score for fork in result["primaryMetric"]["rawData"] for score in fork]


def hit_rate(results):
    gets = loads = 0.0
    for result in results:
        secondary = result.get("secondaryMetrics", {})
        if "gets" not in secondary or "loads" not in secondary:
            return None
        gets += secondary["gets"]["score"]
        loads += secondary["loads"]["score"]
    return 1 - loads / gets if gets else None


def pct(error, mean):
    return "n/a" if error is None or not mean else f"{100 * error / mean:.1f}%"


def header(directory):
    path = os.path.join(directory, "compare.txt")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return ["```", f.read().rstrip(), "```", ""]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    groups = load(sys.argv[1])
    out = header(sys.argv[1])
    out += ["| benchmark | params | threads | unit | base | head | head/base | per round | hit rate"
            " base / head |",
            "|---|---|---|---|---|---|---|---|---|"]
    for (name, params, threads) in sorted(groups):
        sides = groups[(name, params, threads)]
        if "base" not in sides or "head" not in sides:
            continue
        base, head = sides["base"], sides["head"]
        unit = next(iter(base.values()))["primaryMetric"]["scoreUnit"]
        base_mean, base_error = mean_and_error([s for r in base.values() for s in iterations(r)])
        head_mean, head_error = mean_and_error([s for r in head.values() for s in iterations(r)])
        ratio = head_mean / base_mean if base_mean else float("nan")
        if base_error is None or head_error is None or not base_mean or not head_mean:
            ratio_text = f"**{ratio:.3f}x** (±n/a)"
        else:
            relative = math.hypot(base_error / base_mean, head_error / head_mean)
            flag = "!" if relative >= 0.05 else ""
            ratio_text = f"**{ratio:.3f}x**{flag} (±{100 * relative:.1f}%)"
        per_round = " ".join(
            f"{statistics.fmean(iterations(head[r])) / statistics.fmean(iterations(base[r])):.3f}"
            for r in sorted(set(base) & set(head)))
        rates = [hit_rate(base.values()), hit_rate(head.values())]
        rate_text = ("-" if None in rates
                     else f"{100 * rates[0]:.2f}% / {100 * rates[1]:.2f}%")
        param_text = " ".join(f"{k}={v}" for k, v in params)
        out.append(f"| {name} | {param_text} | {threads} | {unit} "
                   f"| {base_mean:.4g} ±{pct(base_error, base_mean)} "
                   f"| {head_mean:.4g} ±{pct(head_error, head_mean)} "
                   f"| {ratio_text} | {per_round} | {rate_text} |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
