#!/bin/bash
# Runs the measured benchmarks of mode shared; logs load averages before and after each.
set -u
J=/tmp/shared-run/benchmarks.jar
R=/work/shared-bench/benchmarks/results/2026-12-07-shared
L=$R/load.txt
run() {
  local name=$1; shift
  echo "$(date -u +%FT%TZ) start $name: $(cut -d' ' -f1-3 /proc/loadavg)" >> $L
  "$@" > $R/$name.txt 2>&1
  echo "$(date -u +%FT%TZ) end   $name: $(cut -d' ' -f1-3 /proc/loadavg) rc=$?" >> $L
}
for round in 1 2 3; do
  for t in 1 2; do
    run tier-t$t-r$round java -jar $J SharedTierBenchmark -f 2 -wi 3 -w 1s -i 5 -r 1s -t $t \
      -rf json -rff $R/tier-t$t-r$round.json
  done
done
for t in 1 2; do
  run peers-t$t java -jar $J RedisPeersBenchmark -f 3 -wi 3 -w 1s -i 5 -r 1s -t $t \
    -rf json -rff $R/peers-t$t.json
done
run stampede-1 java -cp $J io.tenantcache.benchmarks.RedissonStampedeRun 10
run stampede-3 java -cp $J io.tenantcache.benchmarks.RedissonStampedeRun 10 \
  redisson,tenantcache-shared,tenantcache-invalidate,tenantcache-local 3
run stampede-3b java -cp $J io.tenantcache.benchmarks.RedissonStampedeRun 10 \
  redisson,tenantcache-shared 3
echo done >> $L
