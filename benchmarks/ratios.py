#!/usr/bin/env python3
"""Turns a run-all.sh result directory (JMH JSON + footprint.csv) into the README's ratio tables.

    python3 benchmarks/ratios.py benchmarks/results/<run> [<rerun> ...]  > ratios.md

With more than one directory, a later one's result for the same benchmark, provider, parameters
and thread count replaces an earlier one's (a rerun of some cells on top of a full run); so does a
later JSON file within one directory. A throughput cell whose result comes from another directory
than its row's caffeine-jcache result is marked with "~": its ratio spans two runs.

Throughput comes as one table per thread count. Every cell is the provider's score divided by
caffeine-jcache's score for the same benchmark, size, statistics setting and thread count (higher
is better); the get-hit benchmarks also get tables of ratios to raw Caffeine. The raw score and its
error (99.9% confidence, as JMH reports it) follow. A cell whose error is 10% of its score or more
is marked with "!": rerun before trusting it. "size" is the benchmark's size parameter (the get-hit
capacity); a benchmark without one shows "-" (its capacity is fixed, see benchmarks/README.md).
The over-full read-through benchmark also gets a table of each provider's hit rate, from its
gets and loads counters: compare its throughput with the hit rates beside it.
"""
import csv
import glob
import json
import math
import os
import sys

PROVIDERS = ["tenantcache", "caffeine-jcache", "ehcache", "cache2k", "caffeine"]
BASELINE = "caffeine-jcache"
RAW = "caffeine"
TITLES = {
    "GetHitBenchmark.get": "get hit",
    "GetPutBenchmark.getPut": "75% get / 25% put",
    "PutBenchmark.put": "put (update)",
    "ReadThroughOverfullBenchmark.get": "read-through over-full",
    "ReadThroughMissBenchmark.getMiss": "read-through miss",
    "GetHitHalfEmptyBenchmark.get": "get hit, under half full (secondary)",
}
GET_HIT = ["GetHitBenchmark.get", "GetHitHalfEmptyBenchmark.get"]
OVERFULL = "ReadThroughOverfullBenchmark.get"


def load(directories):
    results = []
    for index, directory in enumerate(directories):
        for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
            with open(path) as f:
                text = f.read().strip()
            if text:
                for result in json.loads(text):
                    result["_run"] = index
                    results.append(result)
    return results


def short(benchmark):
    return ".".join(benchmark.split(".")[-2:])


def error_pct(primary):
    score, error = primary["score"], primary.get("scoreError")
    if error is None or isinstance(error, str) or math.isnan(error) or score == 0:
        return None
    return 100.0 * error / score


def cell(score, primary, baseline_score):
    pct = error_pct(primary)
    flag = "!" if pct is None or pct >= 10 else ""
    err = "n/a" if pct is None else f"{pct:.0f}%"
    ratio = f"{score / baseline_score:.2f}x" if baseline_score else "n/a"
    return f"**{ratio}**{flag} ({score:.3g} ±{err})"


def size_of(result):
    return result.get("params", {}).get("size", "-")


def row_order(key):
    """Benchmark in TITLES order, then size as a number, then the rest of the key."""
    name, size = key[0], key[1]
    return (list(TITLES).index(name), int(size) if size.isdigit() else -1) + tuple(key[2:])


def ratio_tables(results, names, baseline):
    """One table per thread count: rows (benchmark, size, statistics), cells ratio to baseline."""
    rows = {}
    for r in results:
        name = short(r["benchmark"])
        if name not in names:
            continue
        p = r.get("params", {})
        key = (r["threads"], name, size_of(r), p.get("statistics"))
        rows.setdefault(key, {})[p.get("provider")] = r
    tables, unit = [], ""
    for threads in sorted({k[0] for k in rows}):
        lines = [
            "| benchmark | size | statistics | " + " | ".join(PROVIDERS) + " |",
            "|---|---|---|" + "---|" * len(PROVIDERS),
        ]
        for key in sorted((k for k in rows if k[0] == threads), key=lambda k: row_order(k[1:])):
            _, name, size, stats = key
            by_provider = rows[key]
            base = by_provider.get(baseline)
            base_score = base["primaryMetric"]["score"] if base else None
            cells = []
            for provider in PROVIDERS:
                r = by_provider.get(provider)
                if r is None:
                    cells.append("-")
                    continue
                unit = r["primaryMetric"]["scoreUnit"]
                mixed = "~" if base is not None and r["_run"] != base["_run"] else ""
                cells.append(cell(r["primaryMetric"]["score"], r["primaryMetric"], base_score)
                             + mixed)
            lines.append(f"| {TITLES[name]} | {size} | {stats} | " + " | ".join(cells) + " |")
        tables.append((threads, lines))
    return tables, unit


def threads_label(threads):
    return f"{threads} thread" + ("" if threads == 1 else "s")


def statistics_cost(results):
    """get hit with statistics on as a share of the same provider's statistics-off score."""
    scores = {}
    for r in results:
        if short(r["benchmark"]) != "GetHitBenchmark.get":
            continue
        p = r["params"]
        scores[(size_of(r), r["threads"], p["provider"], p["statistics"])] = \
            r["primaryMetric"]["score"]
    lines = ["| size | threads | " + " | ".join(PROVIDERS) + " |",
             "|---|---|" + "---|" * len(PROVIDERS)]
    for (size, threads) in sorted({k[:2] for k in scores},
                                  key=lambda k: (int(k[0]) if k[0].isdigit() else -1, k[1])):
        cells = []
        for provider in PROVIDERS:
            off = scores.get((size, threads, provider, "false"))
            on = scores.get((size, threads, provider, "true"))
            cells.append(f"{100 * on / off:.0f}%" if off and on else "-")
        lines.append(f"| {size} | {threads} | " + " | ".join(cells) + " |")
    return lines


def hit_rates(results):
    """The over-full benchmark's hit rate per provider: 1 - loads / gets (its aux counters)."""
    rows = {}
    for r in results:
        if short(r["benchmark"]) != OVERFULL:
            continue
        secondary = r.get("secondaryMetrics", {})
        gets = secondary.get("gets", {}).get("score")
        loads = secondary.get("loads", {}).get("score")
        if not gets or loads is None:
            continue
        p = r["params"]
        rows.setdefault((p["statistics"], r["threads"]), {})[p["provider"]] = 1 - loads / gets
    lines = ["| statistics | threads | " + " | ".join(PROVIDERS) + " |",
             "|---|---|" + "---|" * len(PROVIDERS)]
    for key in sorted(rows):
        cells = [f"{100 * rows[key][p]:.1f}%" if p in rows[key] else "-" for p in PROVIDERS]
        lines.append(f"| {key[0]} | {key[1]} | " + " | ".join(cells) + " |")
    return lines


def allocation(results):
    """gc.alloc.rate.norm (bytes per operation) from -prof gc, per benchmark and provider."""
    rows = {}
    for r in results:
        name = short(r["benchmark"])
        if name not in TITLES:
            continue
        norm = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        if norm is None:
            continue
        p = r["params"]
        key = (name, size_of(r), p["statistics"], r["threads"])
        rows.setdefault(key, {})[p["provider"]] = norm["score"]
    lines = [
        "| benchmark | size | statistics | threads | " + " | ".join(PROVIDERS) + " |",
        "|---|---|---|---|" + "---|" * len(PROVIDERS),
    ]
    for key in sorted(rows, key=row_order):
        name, size, stats, threads = key
        cells = [f"{rows[key][p]:.1f}" if p in rows[key] else "-" for p in PROVIDERS]
        lines.append(f"| {TITLES[name]} | {size} | {stats} | {threads} | " + " | ".join(cells)
                     + " |")
    return lines


def tenants(results):
    scores = {}
    for r in results:
        name = short(r["benchmark"])
        if not name.startswith("TenantsBenchmark."):
            continue
        p = r["params"]
        key = (name.split(".")[1], p.get("spread", "position"), r["threads"], p.get("statistics"))
        scores.setdefault(key, {})[int(p["tenants"])] = r
    lines = [
        "| way | spread | threads | statistics | 1 tenant (ops/us) | 100 tenants | 10,000 tenants |",
        "|---|---|---|---|---|---|---|",
    ]
    for (way, spread, threads, stats) in sorted(scores):
        by_count = scores[(way, spread, threads, stats)]
        one = by_count.get(1)
        base = one["primaryMetric"]["score"] if one else None
        cells = [f"{base:.3g}" if base else "-"]
        for count in (100, 10000):
            r = by_count.get(count)
            cells.append(cell(r["primaryMetric"]["score"], r["primaryMetric"], base) if r and base
                         else "-")
        lines.append(f"| {way} | {spread} | {threads} | {stats} | " + " | ".join(cells) + " |")
    return lines


def stampede(results):
    lines = ["| provider | loader calls per round | rounds with more than one call | ms per round |",
             "|---|---|---|---|"]
    for provider in PROVIDERS:
        for r in results:
            if short(r["benchmark"]) != "StampedeBenchmark.round" or r["params"]["provider"] != provider:
                continue
            secondary = r.get("secondaryMetrics", {})
            calls = secondary.get("loaderCalls", {}).get("score")
            rounds = secondary.get("rounds", {}).get("score")
            several = secondary.get("roundsWithSeveralCalls", {}).get("score")
            per_round = f"{calls / rounds:.3f}" if calls is not None and rounds else "-"
            several_text = (f"{several:.0f} of {rounds:.0f}" if several is not None and rounds
                            else "-")
            lines.append(f"| {provider} | {per_round} | {several_text} | "
                         f"{r['primaryMetric']['score']:.3f} |")
    return lines


def footprint(directory):
    path = os.path.join(directory, "footprint.csv")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        rows = {row["provider"]: row for row in csv.DictReader(f)}
    base = rows.get(BASELINE)
    lines = [
        "| provider | entries | JOL bytes/entry | ratio | heap-delta bytes/entry | ratio |",
        "|---|---|---|---|---|---|",
    ]
    for provider in PROVIDERS:
        row = rows.get(provider)
        if row is None:
            continue
        jol, heap = float(row["jol_bytes_per_entry"]), float(row["heap_bytes_per_entry"])
        jol_ratio = jol / float(base["jol_bytes_per_entry"]) if base else float("nan")
        heap_ratio = heap / float(base["heap_bytes_per_entry"]) if base else float("nan")
        lines.append(f"| {provider} | {row['entries']} | {jol:.1f} | {jol_ratio:.2f}x | "
                     f"{heap:.1f} | {heap_ratio:.2f}x |")
    return lines


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    directories = sys.argv[1:]
    results = load(directories)
    out = []
    for directory in directories:
        machine = os.path.join(directory, "machine.txt")
        if os.path.exists(machine):
            with open(machine) as f:
                out += ["```", f.read().rstrip(), "```", ""]
    tables, unit = ratio_tables(results, TITLES, BASELINE)
    if tables:
        out += [f"### Throughput, ratio to {BASELINE} (score in {unit})", ""]
        for threads, table in tables:
            out += [f"#### {threads_label(threads)}", ""] + table + [""]
    rates = hit_rates(results)
    if len(rates) > 2:
        out += ["### Read-through over-full: hit rate (1 - loads / gets)", ""] + rates + [""]
    tables, unit = ratio_tables(results, GET_HIT, RAW)
    if tables:
        out += [f"### Get hit, ratio to raw {RAW} (score in {unit})", ""]
        for threads, table in tables:
            out += [f"#### {threads_label(threads)}", ""] + table + [""]
    stats = statistics_cost(results)
    if len(stats) > 2:
        out += ["### Statistics on, as a share of statistics off (get hit)", ""] + stats + [""]
    alloc = allocation(results)
    if len(alloc) > 2:
        out += ["### Allocation, bytes per operation (-prof gc, gc.alloc.rate.norm)", ""] + alloc + [""]
    ten = tenants(results)
    if len(ten) > 2:
        out += ["### TenantCache with many tenants, ratio to 1 tenant", ""] + ten + [""]
    st = stampede(results)
    if len(st) > 2:
        out += ["### Stampede: 64 callers, one absent key, 1 ms loader", ""] + st + [""]
    fp = next((table for table in map(footprint, reversed(directories)) if table), None)
    if fp:
        out += [f"### Footprint, ratio to {BASELINE}", ""] + fp + [""]
    print("\n".join(out))


if __name__ == "__main__":
    main()
