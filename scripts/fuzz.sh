#!/usr/bin/env bash
# libFuzzer runs (issue 8, "Fuzzing"): builds tests/fuzz with clang (address + undefined sanitizers)
# into build/fuzz, replays the saved regression inputs, then fuzzes each target.
#
#   scripts/fuzz.sh                    long run: 600 s per target
#   scripts/fuzz.sh --ci               short run for CI: 20 s per target
#   scripts/fuzz.sh [--ci] TARGET...   only these (authorization response error_body settings bulk_csv)
#
# Environment: FUZZ_SECONDS (per target, overrides the mode's default), FUZZ_JOBS (build jobs, 2),
# FUZZ_WORKERS (fuzzing processes per target, 1).
# Seeds: tests/fuzz/corpus/<target>/ (committed). What the fuzzer learns: build/fuzz/corpus/<target>/.
# A crash fails the run and leaves its input in build/fuzz/artifacts/<target>/: copy it into
# tests/fuzz/regressions/<target>/ (replayed by every later run) and write a unit test for the fix.
# Installs clang and its libFuzzer runtime (Debian packages) when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=600
targets=()
for arg in "$@"; do
  case "$arg" in
    --ci) seconds=20 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
    *) targets+=("$arg") ;;
  esac
done
seconds=${FUZZ_SECONDS:-$seconds}
jobs=${FUZZ_JOBS:-2}
workers=${FUZZ_WORKERS:-1}
build=$root/build/fuzz

say() { echo "== fuzz.sh: $*" >&2; }

# ------------------------------------------------------------------ clang + libFuzzer
can_fuzz() {
  command -v clang++ >/dev/null 2>&1 || return 1
  local probe
  probe=$(mktemp -d)
  printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char *, unsigned long) { return 0; }\n' >"$probe/p.cpp"
  clang++ -fsanitize=fuzzer,address "$probe/p.cpp" -o "$probe/p" >/dev/null 2>&1
  local ok=$?
  rm -rf "$probe"
  return $ok
}
apt_install() {
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      echo "fuzz.sh: not root. Run this once as root, then try again:" >&2
      echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $*" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q >&2
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "$@" >&2
}
scripts/setup-deps.sh >&2
if ! can_fuzz; then
  if ! command -v clang++ >/dev/null 2>&1; then
    say "installing clang"
    apt_install clang
  fi
  if ! can_fuzz; then  # Debian ships libFuzzer in libclang-rt-<major>-dev
    major=$(clang++ -dumpversion | cut -d. -f1)
    say "installing libclang-rt-$major-dev (libFuzzer)"
    apt_install "libclang-rt-$major-dev"
  fi
  can_fuzz || { say "clang++ -fsanitize=fuzzer still does not link"; exit 1; }
fi

# ------------------------------------------------------------------ build
say "building the fuzz targets (clang, address + undefined) in $build"
cmake -S tests/fuzz -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
cmake --build "$build" -j "$jobs" >&2

all=(authorization response error_body settings bulk_csv)
if [[ ${#targets[@]} -eq 0 ]]; then targets=("${all[@]}"); fi

# LeakSanitizer stays on for the inputs; Qt's process-wide caches are not leaks of an input.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8

failed=()
summary=()
for t in "${targets[@]}"; do
  exe=$build/fuzz_$t
  if [[ ! -x "$exe" ]]; then
    say "fuzz_$t was not built (e.g. src/desk/bulkvoid.h missing); skipped"
    summary+=("| $t | not built | |")
    continue
  fi
  corpus=$build/corpus/$t
  artifacts=$build/artifacts/$t
  mkdir -p "$corpus" "$artifacts"
  regressions=tests/fuzz/regressions/$t
  if compgen -G "$regressions/*" >/dev/null; then
    say "$t: replaying $(ls "$regressions" | wc -l) saved input(s)"
    if ! "$exe" -runs=1 "$regressions"/* >"$artifacts/regressions.log" 2>&1; then
      tail -30 "$artifacts/regressions.log" >&2
      failed+=("$t (regression)")
      summary+=("| $t | a saved regression input fails again | $artifacts/regressions.log |")
      continue
    fi
  fi
  say "$t: fuzzing ${seconds}s"
  log=$artifacts/fuzz.log
  parallel=()
  if [[ "$workers" -gt 1 ]]; then parallel=(-fork="$workers"); fi
  if "$exe" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 "${parallel[@]}" \
      -artifact_prefix="$artifacts/" -print_final_stats=1 "$corpus" "tests/fuzz/corpus/$t" >"$log" 2>&1; then
    execs=$(awk '/stat::number_of_executed_units/ { s += $2 } END { print s + 0 }' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | awk '{ print $2 }')
    summary+=("| $t | ok: ${execs} inputs, coverage ${cov:-?} edges, corpus $(ls "$corpus" | wc -l) | |")
  else
    tail -40 "$log" >&2
    failed+=("$t")
    crash=$(ls -t "$artifacts"/crash-* "$artifacts"/leak-* "$artifacts"/timeout-* "$artifacts"/oom-* 2>/dev/null | head -1 || true)
    summary+=("| $t | **FAILED** | ${crash:-$log} |")
  fi
done

echo "| Target | Result | Input |"
echo "|---|---|---|"
printf '%s\n' "${summary[@]}"
# The plain closing line CI reads (targets that ran clean, and those that failed).
echo "fuzz: $(( ${#summary[@]} - ${#failed[@]} )) passed, ${#failed[@]} failed"
if [[ ${#failed[@]} -gt 0 ]]; then
  say "failed: ${failed[*]} (copy the input into tests/fuzz/regressions/<target>/ once fixed)"
  exit 1
fi
