#!/usr/bin/env bash
# The real benchmark run: every benchmark, every provider, JSON results, then the ratio tables for
# benchmarks/README.md. Get hit, get/put, put, over-full read-through and many tenants run with 1, 2
# and 4 threads; read-through miss and the secondary half-empty get hit with 1 and 2. About 3.5
# hours on a 2-core machine; run it on an otherwise idle machine (no builds or tests alongside),
# never from the test suite.
#
#   benchmarks/run-all.sh              build, run everything, write benchmarks/results/<time>/
#   benchmarks/run-all.sh --smoke      the same with one tiny iteration each (checks, not numbers)
#   benchmarks/run-all.sh --no-build   use the jar already in benchmarks/target/
#   OUT=dir benchmarks/run-all.sh      write the results to dir
#   JMH_OPTS="-f 2 -wi 3 -w 1s -i 3 -r 1s" benchmarks/run-all.sh   shorter iterations (about 1.5 h)
#   THREADS="1 2" benchmarks/run-all.sh                            fewer thread counts
#
# Output: <out>/*.json (JMH), *.txt (JMH logs), footprint.csv, machine.txt, ratios.md (the tables).
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=false
build=true
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=true ;;
    --no-build) build=false ;;
    *) echo "unknown argument: $arg (known: --smoke, --no-build)" >&2; exit 2 ;;
  esac
done

if $smoke; then
  # one tiny iteration per trial: proves every benchmark x provider runs and its checks pass
  jmh_opts=(-f 1 -wi 1 -w 100ms -i 1 -r 200ms)
  footprint_entries=10000
else
  # forks >= 2 and 5 x 2 s warm-up and measurement: errors under 10% of the score on an idle machine
  jmh_opts=(-f 2 -wi 5 -w 2s -i 5 -r 2s)
  footprint_entries=100000
fi
if [ -n "${JMH_OPTS:-}" ]; then
  read -r -a jmh_opts <<< "$JMH_OPTS"
fi
read -r -a threads_list <<< "${THREADS:-1 2 4}"
for threads in "${threads_list[@]}"; do
  [[ "$threads" =~ ^[1-9][0-9]*$ ]] || { echo "THREADS: not a thread count: $threads" >&2; exit 2; }
done

out="${OUT:-benchmarks/results/$(date +%Y%m%d-%H%M%S)$($smoke && echo -smoke)}"
mkdir -p "$out"
jar=benchmarks/target/benchmarks.jar

if $build; then
  mvn -q -pl benchmarks -am package -DskipTests
fi

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') x $(nproc) cores"
  echo "memory: $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "os: $(uname -sr)"
  echo "jdk: $(java -version 2>&1 | head -2 | tail -1)"
  echo "jmh options: ${jmh_opts[*]}"
  echo "threads: ${threads_list[*]}"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
} > "$out/machine.txt"
cat "$out/machine.txt"

run() { # name, then JMH arguments
  local name="$1"; shift
  echo "== $name"
  java -jar "$jar" "$@" "${jmh_opts[@]}" -foe true -rf json -rff "$out/$name.json" \
    > "$out/$name.txt" 2>&1 || { tail -40 "$out/$name.txt"; exit 1; }
  grep -E '^\[|^Benchmark|^[A-Z][A-Za-z]+Benchmark\.' "$out/$name.txt" || true
}

for threads in "${threads_list[@]}"; do
  # -prof gc: allocation per operation (gc.alloc.rate.norm), the hit path's included
  run "throughput-t$threads" \
    'GetHitBenchmark|GetPutBenchmark|benchmarks\.PutBenchmark|ReadThroughOverfullBenchmark' \
    -t "$threads" -prof gc
  run "tenants-t$threads" 'TenantsBenchmark' -t "$threads" -prof gc
done
# Beyond the 2 cores only the benchmarks above: the miss path and the old workload at 1 and 2.
for threads in "${threads_list[@]}"; do
  if [ "$threads" -le 2 ]; then
    run "miss-t$threads" 'ReadThroughMissBenchmark' -t "$threads" -prof gc
    run "half-empty-t$threads" 'GetHitHalfEmptyBenchmark' -t "$threads" -prof gc
  fi
done
run stampede 'StampedeBenchmark' -t 1

echo "== footprint"
java -Xmx4g -Djdk.attach.allowAttachSelf=true -cp "$jar" io.tenantcache.benchmarks.FootprintMain \
  --entries "$footprint_entries" --csv "$out/footprint.csv" 2>&1 | grep -v SLF4J | tee "$out/footprint.txt"

python3 benchmarks/ratios.py "$out" > "$out/ratios.md"
echo "== ratios: $out/ratios.md (paste into benchmarks/README.md)"
cat "$out/ratios.md"
