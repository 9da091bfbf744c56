#!/usr/bin/env python3
"""Pools JMH JSON results of rounds: python3 pool.py <prefix> (e.g. tier-t1), files <prefix>-r<n>.json
or <prefix>.json. For each benchmark and provider: the mean of every measured iteration of every
fork and round, its 99.9% error (Student's t over the iterations, as JMH and compare.py compute
it), the forks' means, and each round's mean; then each provider's ratio to redisson, with the
two relative errors combined."""
import glob, json, math, re, statistics, sys

T_999 = [(1, 636.619), (2, 31.599), (3, 12.924), (4, 8.610), (5, 6.869), (6, 5.959), (7, 5.408),
         (8, 5.041), (9, 4.781), (10, 4.587), (11, 4.437), (12, 4.318), (13, 4.221), (14, 4.140),
         (15, 4.073), (16, 4.015), (17, 3.965), (18, 3.922), (19, 3.883), (20, 3.850),
         (21, 3.819), (22, 3.792), (23, 3.768), (24, 3.745), (25, 3.725), (26, 3.707),
         (27, 3.690), (28, 3.674), (29, 3.659), (30, 3.646), (40, 3.551), (60, 3.460),
         (120, 3.373)]

def tq(df):
    return 3.291 if df > T_999[-1][0] else [t for d, t in T_999 if d <= df][-1]

def mean_err(v):
    m = statistics.fmean(v)
    return m, (tq(len(v) - 1) * statistics.stdev(v) / math.sqrt(len(v)) if len(v) > 1 else 0.0)

prefix = sys.argv[1]
files = sorted(glob.glob(prefix + "-r*.json")) or [prefix + ".json"]
data = {}   # (bench, provider) -> {round: [fork iteration lists]}
for path in files:
    rnd = re.search(r"-r(\d+)\.json$", path)
    rnd = int(rnd.group(1)) if rnd else 1
    for r in json.load(open(path)):
        key = (r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1],
               r["params"]["provider"])
        data.setdefault(key, {})[rnd] = r["primaryMetric"]["rawData"]
pooled = {}
print(f"files: {', '.join(files)}; threads {json.load(open(files[0]))[0]['threads']}")
print("| benchmark | provider | us/op (all iterations) | forks' means | rounds' means |")
print("|---|---|---|---|---|")
for (bench, prov), rounds in sorted(data.items()):
    allv = [x for forks in rounds.values() for fork in forks for x in fork]
    m, e = mean_err(allv)
    pooled[(bench, prov)] = (m, e, rounds)
    forks = ", ".join(f"{statistics.fmean(f):.3g}" for r in sorted(rounds) for f in rounds[r])
    rms = ", ".join(f"{statistics.fmean([x for f in rounds[r] for x in f]):.3g}"
                    for r in sorted(rounds))
    print(f"| {bench} | {prov} | {m:.4g} +-{e:.3g} (n={len(allv)}) | {forks} | {rms} |")
print()
print("| benchmark | provider | provider / redisson | per round |")
print("|---|---|---|---|")
for (bench, prov), (m, e, rounds) in sorted(pooled.items()):
    if prov == "redisson" or (bench, "redisson") not in pooled:
        continue
    rm, re_, rr = pooled[(bench, "redisson")]
    ratio = m / rm
    err = ratio * math.sqrt((e / m) ** 2 + (re_ / rm) ** 2)
    per = ", ".join(
        f"{statistics.fmean([x for f in rounds[r] for x in f]) / statistics.fmean([x for f in rr[r] for x in f]):.3g}"
        for r in sorted(rounds) if r in rr)
    print(f"| {bench} | {prov} | {ratio:.4g} +-{err:.2g} (redisson / it: {1 / ratio:.4g}) | {per} |")
