#!/usr/bin/env bash
# Compares the provider of two commits with the same benchmark code, interleaved in one run, and
# prints HEAD/BASE per benchmark and parameter set with its error.
#
#   benchmarks/compare.sh BASE HEAD [JMH regex] [JMH options ...]
#
#   BASE, HEAD   any two commits of this repository (hashes, HEAD~1, branch names)
#   JMH regex    the benchmarks to run (default: get hit at size 65536, put, read-through miss and
#                read-through over-full)
#   JMH options  replace the default "-wi 3 -w 1s -i 5 -r 1s"; -f (forks per round, default 1),
#                -t (default: THREADS), -p provider= (default tenantcache) and -p size= (default
#                65536) are added only when not given
#
#   ROUNDS=3     rounds; each runs every benchmark once per jar (default 3)
#   THREADS="1 2"  thread counts, each run separately (a -t option overrides)
#   OUT=dir      where the JMH results and logs go (default: a new directory under /tmp, kept)
#
# Same benchmark code for both: the benchmark jar of each commit is built from that commit's tree
# (git archive into a temporary directory) with its benchmarks/ replaced by the CURRENT working
# tree's benchmarks/ (pom and sources, uncommitted changes included), with
# "mvn -pl benchmarks -am package": so provider/ and the parent pom (dependency versions) are the
# commit's, the benchmark code is the same source for both. The jar is shaded: it holds the
# provider's classes and its merged resources (service files, reference.conf), so a whole jar is
# built per commit rather than the provider jar swapped on one class path. Nothing is installed
# into ~/.m2 (package only; the provider is resolved from the reactor). A commit whose parent pom
# lacks the benchmarks module or a version the current benchmarks/pom.xml needs fails to build.
# A benchmark of newer API carries a line "// compare.sh requires: <path> <text>" (or several) and
# is left out of the build of a commit whose <path> does not contain <text>.
#
# Interleaving: for each benchmark and thread count, each round runs the benchmark once with each
# jar (one JVM, -f 1 each), BASE first in odd rounds and HEAD first in even ones, so both see the
# same machine state and a drift of the machine's speed cancels out. The table pools each side's
# measured iterations over the rounds (mean, 99.9% confidence as JMH computes it); the ratio's
# error combines the two sides' relative errors; "per round" gives each round's HEAD/BASE.
#
# Example (short): ROUNDS=2 benchmarks/compare.sh HEAD~1 HEAD 'benchmarks\.PutBenchmark' \
#   -wi 1 -w 1s -i 2 -r 1s
set -euo pipefail

if [ $# -lt 2 ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
fi
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

base_ref="$1"
head_ref="$2"
shift 2
default_regex='GetHitBenchmark\.get$|benchmarks\.PutBenchmark\.put$|ReadThroughMissBenchmark\.getMiss$|ReadThroughOverfullBenchmark\.get$'
regex="$default_regex"
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then
  regex="$1"
  shift
fi
user_opts=("$@")
rounds="${ROUNDS:-3}"
read -r -a threads_list <<< "${THREADS:-1 2}"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "ROUNDS: not a count: $rounds" >&2; exit 2; }

base_commit="$(git rev-parse --verify "$base_ref^{commit}")"
head_commit="$(git rev-parse --verify "$head_ref^{commit}")"

# JMH refuses an option given twice: add each default only when the user did not give it.
jmh_opts=()
has_opt() { local opt; for opt in "${user_opts[@]}"; do [ "$opt" = "$1" ] && return 0; done; return 1; }
has_param() {
  local i
  for ((i = 0; i < ${#user_opts[@]}; i++)); do
    [ "${user_opts[$i]}" = -p ] && [[ "${user_opts[$((i + 1))]:-}" == "$1"=* ]] && return 0
  done
  return 1
}
if [ ${#user_opts[@]} -eq 0 ]; then
  jmh_opts+=(-wi 3 -w 1s -i 5 -r 1s)
fi
has_opt -f || jmh_opts+=(-f 1)
has_param provider || jmh_opts+=(-p provider=tenantcache)
has_param size || jmh_opts+=(-p size=65536)
if has_opt -t; then
  threads_list=(given)
fi
jmh_opts+=("${user_opts[@]}")

out="${OUT:-$(mktemp -d /tmp/tenantcache-compare.XXXXXX)}"
mkdir -p "$out"
work="$(mktemp -d /tmp/tenantcache-compare-build.XXXXXX)"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

build() { # side, commit: builds $work/<side>.jar
  local side="$1" commit="$2" tree="$work/$1"
  echo "== building $side ($(git rev-parse --short "$commit")) with the working tree's benchmarks/"
  mkdir -p "$tree"
  git archive "$commit" | tar -x -C "$tree"
  rm -rf "$tree/benchmarks"
  mkdir -p "$tree/benchmarks"
  cp -R benchmarks/pom.xml benchmarks/src "$tree/benchmarks/"
  # A benchmark of an API that this commit's provider lacks says so in a line
  # "// compare.sh requires: <path> <text>" (one or more); it is left out when a <path> lacks its
  # <text>.
  local source path text
  while IFS= read -r source; do
    while read -r path text; do
      if [ -n "$path" ] && ! grep -qF -- "$text" "$tree/$path" 2>/dev/null; then
        echo "   leaving out $(basename "$source"): $(git rev-parse --short "$commit") lacks it"
        rm -f "$source"
        break
      fi
    done < <(sed -n 's#^// compare.sh requires: ##p' "$source")
  done < <(grep -rl '^// compare.sh requires: ' "$tree/benchmarks/src" || true)
  # A commit from before Redisson's version in the parent pom: its build leaves out the
  # benchmarks' dependency on Redisson (the Redis peers' sources, left out above).
  if ! grep -qF '<artifactId>redisson</artifactId>' "$tree/pom.xml"; then
    perl -0pi -e 's#\s*<dependency>\s*<!-- RedisPeersBenchmark.*?</dependency>##s' \
      "$tree/benchmarks/pom.xml"
  fi
  # A commit from before the redis/ module: its build leaves out the benchmarks' dependency on it
  # (the benchmarks that use it carry requires lines, left out above) and the slf4j-api pin that
  # only that dependency needs (its version is a property of the newer parent pom).
  if [ ! -f "$tree/redis/pom.xml" ]; then
    perl -0pi -e 's#\s*<dependency>\s*<!-- ClusterBenchmark.*?</dependency>##s;
      s#\s*<dependencyManagement>(?:(?!</dependencyManagement>).)*?slf4j-api.*?</dependencyManagement>##s' \
      "$tree/benchmarks/pom.xml"
  fi
  (cd "$tree" && mvn -q -B -ntp -pl benchmarks -am package -Dmaven.test.skip=true \
    -Dmaven.install.skip=true) > "$out/build-$side.txt" 2>&1 \
    || { tail -40 "$out/build-$side.txt" >&2; echo "build of $side failed" >&2; exit 1; }
  cp "$tree/benchmarks/target/benchmarks.jar" "$work/$side.jar"
  rm -rf "$tree"
}
build base "$base_commit"
build head "$head_commit"

mapfile -t benchmarks < <(java -jar "$work/base.jar" -l "$regex" | grep -E '^[a-z][A-Za-z0-9_.]+$')
if [ ${#benchmarks[@]} -eq 0 ]; then
  echo "no benchmark matches '$regex'" >&2
  exit 2
fi

{
  echo "base: $base_ref = $(git rev-parse --short "$base_commit")"
  echo "head: $head_ref = $(git rev-parse --short "$head_commit")"
  echo "benchmark code: working tree of $(git rev-parse --short HEAD)$(git diff --quiet -- benchmarks 2>/dev/null || echo ' with uncommitted changes in benchmarks/')"
  echo "rounds: $rounds; threads: ${threads_list[*]}; jmh options: ${jmh_opts[*]}"
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); cpu: $(nproc) cores"
} > "$out/compare.txt"
cat "$out/compare.txt"

for benchmark in "${benchmarks[@]}"; do
  name="${benchmark#io.tenantcache.benchmarks.}"
  for threads in "${threads_list[@]}"; do
    thread_opts=()
    [ "$threads" = given ] || thread_opts=(-t "$threads")
    for ((round = 1; round <= rounds; round++)); do
      if ((round % 2)); then order=(base head); else order=(head base); fi
      for side in "${order[@]}"; do
        file="$out/$name-t$threads-r$round-$side"
        echo "== $name, threads $threads, round $round, $side"
        java -jar "$work/$side.jar" "^${benchmark//./\\.}\$" "${thread_opts[@]}" "${jmh_opts[@]}" \
          -foe true -rf json -rff "$file.json" > "$file.txt" 2>&1 \
          || { tail -40 "$file.txt" >&2; exit 1; }
        grep -E '^\[' "$file.txt" || true
      done
    done
  done
done

python3 benchmarks/compare.py "$out" | tee "$out/compare.md"
echo "== results: $out"
