#!/usr/bin/env bash
# What staff feel (issue 16) and what the client costs against a peer (issue 8). Prints ONE markdown
# table on stdout; builds, progress and the raw outputs go to stderr. Not part of scripts/test.sh.
# Builds what it needs with the `bench` preset (Release + the bench programs) into build/bench.
#
#   scripts/bench.sh                      the full run (1,000,000 history rows, 2,000 redemptions each)
#   BENCH_HISTORY_ROWS=100000 BENCH_N=500 scripts/bench.sh      a quick run
#
# Environment (all optional):
#   BENCH_N=2000                 redemptions per client per round, one client after the other
#   BENCH_ROUNDS=3               rounds of the three clients (ours, the protocol layer alone, the peer); medians reported
#   BENCH_WARMUP=100             redemptions per client before measuring
#   BENCH_MODE=platform-cert     how wechatpay-sim signs answers (platform-cert | public-key)
#   BENCH_HISTORY_ROWS=1000000   rows for the history benchmark
#   BENCH_CRYPTO_SECONDS=3       CPU seconds per sign / verify measure
#   BENCH_JOBS=2                 build jobs
#   BENCH_GUI_RUNS=5             coupondesk --print-startup-ms runs (median reported)
#   BENCH_BULK_COUPONS=10000     coupons for bulk_bench
#   BENCH_COUNTER_N=1000         scans for counter_bench (the real redeem page, offscreen)
#   BENCH_IDLE_SCANS=2           scans after BENCH_IDLE_SECONDS idle, connection kept ready (pre-connect)
#   BENCH_IDLE_SECONDS=60        idle time before each; one more such scan runs with keeping ready off
#   BENCH_CHAIN=1                chain_bench (issue 18); 0 skips it
#   BENCH_CHAIN_ROWS=10000000    rows of the generated chain history (about 5 min to make here, 4 GB); 0 skips that part
#   BENCH_KEEP=1                 keep the work folder (seed, client.ini, logs, history file)
#
# What runs: crypto_bench (RSA-2048 SHA-256 through src/wechatpay) and `openssl speed rsa2048`;
# BENCH_ROUNDS rounds, each with a fresh wechatpay-sim --https in its own process (a seed of SENDED
# coupons, no rate limit; production runs over TLS) and three clients against it, in an order that
# turns each round: redeem_bench (desk::Desk: validate, journal, sign, send, verify, settle),
# redeem_bench --layer api (wechatpay::ApiClient alone, to split the cost) and
# tests/interop/peer.mjs --bench (wechatpay-axios-plugin on node); CPU time of each client process,
# the median round reported; counter_bench (the main window offscreen against wechatpay-sim --https
# --idle-timeout 30 --connect-delay 100: Enter -> result shown minus the simulator's own work, then
# scans after idle); history_bench + history_open_bench + report_bench (a day report, issue 19) on one
# history file; coupondesk
# --print-startup-ms on that history (offscreen, peak RSS by /usr/bin/time); bulk_bench --https
# (every deactivate answered after 50 ms, --rate 0), when those programs exist; chain_bench (issue 18:
# replication lag under 20 counter processes, catch-up after an hour offline, reads over a generated
# chain history), each part against a throwaway PostgreSQL 15 it starts itself.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

N=${BENCH_N:-2000}
ROUNDS=${BENCH_ROUNDS:-3}
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: BENCH_ROUNDS must be a whole number of 1 or more, not '$ROUNDS'" >&2; exit 2; }
WARMUP=${BENCH_WARMUP:-100}
MODE=${BENCH_MODE:-platform-cert}
ROWS=${BENCH_HISTORY_ROWS:-1000000}
CRYPTO_SECONDS=${BENCH_CRYPTO_SECONDS:-3}
JOBS=${BENCH_JOBS:-2}
COUNTER_N=${BENCH_COUNTER_N:-1000}
IDLE_SCANS=${BENCH_IDLE_SCANS:-2}
IDLE_SECONDS=${BENCH_IDLE_SECONDS:-60}
COUNTER_WARMUP=50
build=$root/build/bench

say() { echo "== bench.sh: $*" >&2; }

# ------------------------------------------------------------------ build
scripts/setup-deps.sh >&2
export QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8
gui_note=""
if ! cmake --preset bench -DCOUPONDESK_BUILD_GUI=ON >&2; then
  say "configure failed with the GUI; configuring without it"
  cmake --preset bench -DCOUPONDESK_BUILD_GUI=OFF >&2
  gui_note="the GUI did not configure"
fi
has_target() { ninja -C "$build" -t targets all 2>/dev/null | grep "^$1:" >/dev/null; }  # no -q: pipefail + SIGPIPE
targets=(wechatpay-sim crypto_bench redeem_bench history_bench history_open_bench report_bench)
say "building ${targets[*]}"
cmake --build "$build" -j "$JOBS" --target "${targets[@]}" >&2
# Others' programs, when they exist: a failed build only leaves their rows unmeasured.
for optional in bulk_bench coupondesk counter_bench chain_bench; do
  if has_target "$optional"; then
    say "building $optional"
    cmake --build "$build" -j "$JOBS" --target "$optional" >&2 || say "$optional did not build; its row stays unmeasured"
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/coupondesk-bench-XXXXXX")
sim_pid=""
cleanup() {
  if [[ -n "$sim_pid" ]] && kill -0 "$sim_pid" 2>/dev/null; then
    kill "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
  fi
  if [[ "${BENCH_KEEP:-}" == "1" ]]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

declare -A R  # results: name → value
# Reads key=value lines from stdin into R with a prefix.
collect() {
  local prefix=$1 k v
  while IFS='=' read -r k v; do
    [[ -n "$k" && "$k" != *" "* ]] && R["$prefix.$k"]=$v
  done
}
val() { echo "${R[$1]:-}"; }
# Arithmetic on decimals (awk), printed with the given format.
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
thousands() { sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta' <<<"$1"; }
verdict() { if [[ "$1" == 1 ]]; then echo "yes"; else echo "**NO**"; fi; }

# ------------------------------------------------------------------ 1. the floor: sign + verify
say "crypto_bench (${CRYPTO_SECONDS} s each)"
"$build/tests/bench/crypto_bench" --seconds "$CRYPTO_SECONDS" | tee "$work/crypto.txt" >&2
collect crypto <"$work/crypto.txt"
openssl_line=""
if command -v openssl >/dev/null 2>&1; then
  say "openssl speed rsa2048"
  openssl_line=$(openssl speed -seconds "$CRYPTO_SECONDS" rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ { print $(NF-1), $NF }' || true)
fi
openssl_version=$(openssl version 2>/dev/null | awk '{ print $1, $2 }' || echo "OpenSSL")

# ------------------------------------------------------------------ 2. the seed of the simulator (its own process)
say "seeding $(( 3 * (N + WARMUP) + COUNTER_N + COUNTER_WARMUP + IDLE_SCANS + 1 )) SENDED coupons"
stock=1212000000000801
{
  printf '{"mchid":"1230000109","merchants":[{"mchid":"1230000109","name":"bench","appids":["wxd678efh567hg6787"]}],'
  printf '"stocks":[{"stock_id":"%s","stock_name":"bench","coupon_code_mode":"MERCHANT_API"}],"coupons":[' "$stock"
  awk -v n="$N" -v w="$WARMUP" -v stock="$stock" -v cn="$COUNTER_N" -v cw="$COUNTER_WARMUP" -v idle="$(( IDLE_SCANS + 1 ))" 'BEGIN {
    split("WARMA BENCHA WARMB BENCHB WARMC APIC CWARM COUNT IDLE", p, " ")
    count["WARMA"] = w; count["WARMB"] = w; count["WARMC"] = w; count["BENCHA"] = n; count["BENCHB"] = n; count["APIC"] = n
    count["CWARM"] = cw; count["COUNT"] = cn; count["IDLE"] = idle
    first = 1
    for (k = 1; k <= 9; k++) for (i = 1; i <= count[p[k]]; i++) {
      printf "%s{\"coupon_code\":\"%s%07d\",\"stock_id\":\"%s\",\"openid\":\"oBench%s%07d\"}", (first ? "" : ","), p[k], i, stock, p[k], i
      first = 0
    }
  }'
  printf ']}\n'
} >"$work/seed.json"

# ------------------------------------------------------------------ 3. the three clients, ROUNDS rounds
# Each round starts a fresh simulator (same seed, its own data folder) and runs our client, the
# protocol layer alone and the peer one after the other, in an order that turns by one each round,
# so that no client always runs first or last on a machine whose speed drifts. The table reports
# each client's median round and lists every round.
start_sim() {  # $1: round (or another name); further arguments go to wechatpay-sim
  local name=$1
  shift
  "$build/app/wechatpay-sim/wechatpay-sim" --data "$work/sim$name" --mode "$MODE" --seed "$work/seed.json" --rate-limit 0 \
    --https --write-client-config "$work/client.ini" "$@" >"$work/sim$name.out" 2>"$work/sim$name.err" &
  sim_pid=$!
  for _ in $(seq 300); do
    grep -q "listening on" "$work/sim$name.out" 2>/dev/null && break
    kill -0 "$sim_pid" 2>/dev/null || { cat "$work/sim$name.err" >&2; say "wechatpay-sim exited"; exit 1; }
    sleep 0.1
  done
  grep -q "listening on" "$work/sim$name.out" || { say "wechatpay-sim did not start"; exit 1; }
  sed 's/^/   /' "$work/sim$name.out" >&2
}
stop_sim() {
  kill "$sim_pid" 2>/dev/null || true
  wait "$sim_pid" 2>/dev/null || true
  sim_pid=""
}
# redeem_bench as one client of a round: $1 its name (ours | api), $2 the round, $3 and $4 the coupon
# and warm-up prefixes, $5 what it runs through; further arguments go to redeem_bench.
run_redeem() {
  local name=$1 round=$2 prefix=$3 warm=$4 what=$5
  shift 5
  say "round $round: redeem_bench${*:+ $*}, $N redemptions (+$WARMUP warm-up) through $what"
  "$build/tests/bench/redeem_bench" "$@" --config "$work/client.ini" --n "$N" --prefix "$prefix" --warmup "$WARMUP" \
    --warmup-prefix "$warm" --history "$work/$name$round.sqlite" >"$work/$name$round.txt" 2>"$work/$name$round.log" || {
    tail -20 "$work/$name$round.log" >&2; say "redeem_bench${*:+ $*} failed"; exit 1; }
  cat "$work/$name$round.txt" >&2
  grep '^redeem_bench:' "$work/$name$round.log" >&2 || true
  collect "$name.$round" <"$work/$name$round.txt"
}
run_ours() { run_redeem ours "$1" BENCHA WARMA "desk::Desk"; }
run_api() { run_redeem api "$1" APIC WARMC "wechatpay::ApiClient alone (no desk, no journal)" --layer api; }
run_peer() {  # $1: round
  [[ -z "$peer_note" ]] || return 0
  say "round $1: peer, $N redemptions (+$WARMUP warm-up) with wechatpay-axios-plugin"
  # node trusts the simulator's TLS certificate the way our client does: from the CA file it wrote.
  if NODE_EXTRA_CA_CERTS=$(sed -n 's/^ca_certificates_file=//p' "$work/client.ini") \
      node tests/interop/peer.mjs --prefix "$peer_dir" --ini "$work/client.ini" --bench "$N" --bench-prefix BENCHB \
      --warmup "$WARMUP" --warmup-prefix WARMB >"$work/peer$1.json" 2>"$work/peer$1.log"; then
    tail -1 "$work/peer$1.json" >&2
    collect "peer.$1" < <(node -e 'const r = JSON.parse(require("fs").readFileSync(0, "utf8").trim().split("\n").pop());
                                   for (const [k, v] of Object.entries(r)) console.log(`${k}=${v}`);' <"$work/peer$1.json")
  else
    cat "$work/peer$1.json" "$work/peer$1.log" >&2
    peer_note="the peer failed (see stderr)"
  fi
}

peer_note=""
peer_dir=$build/interop
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  stamp=$(sha256sum "$peer_dir/package-lock.json" | cut -d' ' -f1)
  if [[ "$(cat "$peer_dir/node_modules/.coupondesk-peer-stamp" 2>/dev/null)" != "$stamp" ]]; then
    say "installing the peer (npm ci in $peer_dir)"
    (cd "$peer_dir" && npm ci --no-audit --no-fund --prefer-offline --loglevel=error >&2)
    echo -n "$stamp" >"$peer_dir/node_modules/.coupondesk-peer-stamp"
  fi
else
  peer_note="node/npm not installed (scripts/setup-deps.sh --interop)"
fi

clients=(ours api peer)
for round in $(seq "$ROUNDS"); do
  say "round $round of $ROUNDS: starting wechatpay-sim ($MODE, no rate limit)"
  start_sim "$round"
  for k in 0 1 2; do
    "run_${clients[$(( (k + round - 1) % 3 ))]}" "$round"
  done
  stop_sim
done

# "cpu round" lines of a client, one per round that has a result, in round order.
round_values() {
  local r
  for r in $(seq "$ROUNDS"); do
    if [[ -n "$(val "$1.$r.cpu_us_per_redemption")" ]]; then echo "$(val "$1.$r.cpu_us_per_redemption") $r"; fi
  done
}
# The round whose CPU per redemption is the median of a client's rounds (the lower middle of an
# even count); empty when the client has no round.
median_round() { round_values "$1" | sort -n | awk '{ rounds[NR] = $2 } END { if (NR) print rounds[int((NR + 1) / 2)] }'; }
# Every round's CPU per redemption of a client, in round order: "2114, 2201, 2150".
all_rounds() { round_values "$1" | awk '{ printf "%s%.0f", (NR > 1 ? ", " : ""), $1 } END { print "" }'; }

# The median round's values also go under the client's own name (ours.cpu_us_per_redemption, …).
for c in "${clients[@]}"; do
  mr=$(median_round "$c")
  [[ -n "$mr" ]] || continue
  for key in "${!R[@]}"; do
    if [[ "$key" == "$c.$mr."* ]]; then R["$c.${key#"$c.$mr."}"]=${R[$key]}; fi
  done
done

# ------------------------------------------------------------------ 4. the counter (counter_bench)
# The real main window (offscreen) against wechatpay-sim --https with WeChat Pay's idle close and a
# handshake's cost: COUNTER_N scans (Enter -> result shown, the simulator's own work taken out),
# then IDLE_SCANS scans after IDLE_SECONDS idle with the connection kept ready; then, on a fresh
# window with keeping ready off, one more such scan: what pre-connect saves.
counter_note=""
if [[ -x "$build/tests/bench/counter_bench" ]]; then
  start_sim counter --idle-timeout 30 --connect-delay 100
  say "counter_bench: $COUNTER_N scans (+$COUNTER_WARMUP warm-up), then $IDLE_SCANS after ${IDLE_SECONDS} s idle"
  if "$build/tests/bench/counter_bench" --config "$work/client.ini" --n "$COUNTER_N" --prefix COUNT \
      --warmup "$COUNTER_WARMUP" --warmup-prefix CWARM --idle-scans "$IDLE_SCANS" --idle-seconds "$IDLE_SECONDS" \
      --idle-prefix IDLE --history "$work/counter.sqlite" >"$work/counter.txt" 2>"$work/counter.log"; then
    cat "$work/counter.txt" >&2
    collect counter <"$work/counter.txt"
    say "counter_bench: one scan after ${IDLE_SECONDS} s idle with keeping the connection ready off"
    if "$build/tests/bench/counter_bench" --config "$work/client.ini" --n 0 --prefix COUNT --idle-scans 1 \
        --idle-seconds "$IDLE_SECONDS" --idle-prefix IDLE --keep-warm-ms 0 --history "$work/counter-cold.sqlite" \
        >"$work/counter-cold.txt" 2>"$work/counter-cold.log"; then
      cat "$work/counter-cold.txt" >&2
      collect cold <"$work/counter-cold.txt"
    else
      tail -5 "$work/counter-cold.log" >&2
    fi
  else
    tail -20 "$work/counter.log" >&2
    counter_note="counter_bench failed (see stderr)"
  fi
  stop_sim
else
  counter_note="tests/bench/counter_bench not built (the GUI is needed)"
fi

# ------------------------------------------------------------------ 5. history with ROWS rows
say "history_bench --rows $ROWS"
history_exit=0
"$build/tests/bench/history_bench" --rows "$ROWS" --db "$work/history.sqlite" >"$work/history.md" 2>"$work/history.log" \
  || history_exit=$?
cat "$work/history.md" >&2
if [[ $history_exit -ne 0 && $history_exit -ne 3 ]]; then tail -5 "$work/history.log" >&2; say "history_bench failed"; exit 1; fi
# The Result column of history_bench's rows, by the start of their Measure text.
history_row() { awk -F' \\| ' -v m="$1" 'index($1, "| " m) == 1 { print $2; exit }' "$work/history.md"; }
say "history_open_bench"
"$build/tests/bench/history_open_bench" --db "$work/history.sqlite" | tee "$work/open.txt" >&2
collect open <"$work/open.txt"
say "report_bench"
"$build/tests/bench/report_bench" --db "$work/history.sqlite" | tee "$work/report.txt" >&2
collect report <"$work/report.txt"

# ------------------------------------------------------------------ 6. GUI start-up, 7. bulk void
startup_result="not measured: GUI not built yet"
rss_result="not measured: GUI not built yet"
startup_met="—"; rss_met="—"
gui_bin=$build/app/coupondesk/coupondesk
if [[ -x "$gui_bin" ]]; then
  if "$gui_bin" --help 2>/dev/null | grep -q -- "--print-startup-ms"; then
    # The bench's client settings, pointed at the ROWS-row history; the simulator is stopped by now
    # (nothing on the network is waited for before the first window).
    sed "s|^history_db=.*|history_db=$work/history.sqlite|" "$work/client.ini" >"$work/gui.ini"
    runs=${BENCH_GUI_RUNS:-5}
    say "coupondesk --print-startup-ms, $runs runs (offscreen, $ROWS-row history)"
    times=(); rss=()
    for i in $(seq "$runs"); do
      if [[ -x /usr/bin/time ]]; then
        /usr/bin/time -f '%M' -o "$work/gui.rss.$i" "$gui_bin" --config "$work/gui.ini" --print-startup-ms \
          >"$work/gui.$i.txt" 2>>"$work/gui.log" || true
        rss+=("$(tail -1 "$work/gui.rss.$i")")
      else
        "$gui_bin" --config "$work/gui.ini" --print-startup-ms >"$work/gui.$i.txt" 2>>"$work/gui.log" || true
      fi
      t=$(sed -n 's/^startup_ms=//p' "$work/gui.$i.txt")
      [[ -n "$t" ]] && times+=("$t")
    done
    if [[ ${#times[@]} -gt 0 ]]; then
      sorted=($(printf '%s\n' "${times[@]}" | sort -n))
      median=${sorted[$(( ${#sorted[@]} / 2 ))]}
      startup_result="${median} ms median of ${#times[@]} (first run ${times[0]} ms, max ${sorted[-1]} ms)"
      startup_met=$(verdict "$(calc '%d' "($median <= 300) ? 1 : 0")")
      echo "startup_ms: ${times[*]}" >&2
    else
      tail -5 "$work/gui.log" >&2
      startup_result="not measured: coupondesk --print-startup-ms printed nothing"
    fi
    if [[ ${#rss[@]} -gt 0 && -n "${rss[0]}" ]]; then
      max_rss=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
      rss_result="$(calc '%.1f' "$max_rss / 1024") MiB (max of ${#rss[@]} runs, /usr/bin/time)"
      rss_met=$(verdict "$(calc '%d' "($max_rss / 1024 <= 80) ? 1 : 0")")
      echo "peak RSS KiB: ${rss[*]}" >&2
    else
      rss_result="not measured: /usr/bin/time missing"
    fi
  else
    startup_result="not measured: coupondesk has no --print-startup-ms flag"; rss_result=$startup_result
  fi
elif [[ -n "$gui_note" ]]; then
  startup_result="not measured: $gui_note"; rss_result=$startup_result
fi

bulk_result="not measured: tests/bench/bulk_bench not built yet"
bulk_coupons=${BENCH_BULK_COUPONS:-10000}
if [[ -x "$build/tests/bench/bulk_bench" ]]; then
  say "bulk_bench --coupons $bulk_coupons --https --rate 0, every deactivate answered after 50 ms"
  if "$build/tests/bench/bulk_bench" --coupons "$bulk_coupons" --https --rate 0 --fault deactivate:delay:p1:50 \
      >"$work/bulk.txt" 2>"$work/bulk.log"; then
    cat "$work/bulk.txt" >&2
    per_s=$(awk '/coupons\/s/ { for (i = 1; i < NF; i++) if ($(i + 1) == "coupons/s") print $i }' "$work/bulk.txt")
    cpu_ms=$(awk '/ms per coupon/ { for (i = 1; i < NF; i++) if ($(i + 1) == "ms") print $i }' "$work/bulk.txt")
    conf=$(head -1 "$work/bulk.txt" | sed 's/^bulk_bench: //; s/, history in.*//')
    bulk_result="${per_s:-?} coupons/s wall; client CPU ${cpu_ms:-?} ms per coupon ($conf)"
  else
    tail -5 "$work/bulk.txt" "$work/bulk.log" >&2; bulk_result="not measured: bulk_bench failed (see stderr)"
  fi
fi

# ------------------------------------------------------------------ 8. chain mode (issue 18)
# chain_bench starts its own PostgreSQL 15 servers: --lag runs 20 chaincounter processes x 500
# redemptions at once against one wechatpay-sim (HTTPS) and looks at PostgreSQL every 20 ms; --catchup
# pushes 3,600 rows queued while offline; --history-rows generates the chain history server-side and
# times a coupon's trail, one shop's day page and the chain's day totals.
CHAIN_ROWS=${BENCH_CHAIN_ROWS:-10000000}
chain_note=""
if [[ "${BENCH_CHAIN:-1}" == "0" ]]; then
  chain_note="skipped (BENCH_CHAIN=0)"
elif [[ -x "$build/tests/bench/chain_bench" ]]; then
  chain_args=(--lag --catchup)
  if [[ "$CHAIN_ROWS" -gt 0 ]]; then chain_args+=(--history-rows "$CHAIN_ROWS"); fi
  say "chain_bench ${chain_args[*]}"
  if "$build/tests/bench/chain_bench" "${chain_args[@]}" >"$work/chain.txt" 2>"$work/chain.log"; then
    grep '^chain_bench:\|^  ' "$work/chain.log" >&2 || true
    cat "$work/chain.txt" >&2
    collect chain <"$work/chain.txt"
  else
    tail -20 "$work/chain.log" >&2
    chain_note="chain_bench failed (see stderr)"
  fi
else
  chain_note="tests/bench/chain_bench not built"
fi

# ------------------------------------------------------------------ the table
sign_us=$(val crypto.sign_us); verify_us=$(val crypto.verify_us); floor_us=$(val crypto.floor_us)
ours_us=$(val ours.cpu_us_per_redemption)
api_us=$(val api.cpu_us_per_redemption)
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || uname -m)
cores=$(nproc 2>/dev/null || echo "?")
ms() { calc '%.1f' "$1 / 1000"; }  # µs -> ms
meets() { verdict "$(calc '%d' "($1) ? 1 : 0")"; }

row() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4"; }
echo "| Measure | Result | Goal | Met |"
echo "|---|---|---|---|"
row "Machine" "$cpu_model, $cores cores; $openssl_version; $(uname -sr)" "" ""
# What staff feel (issue 16).
if [[ -z "$counter_note" && -n "$(val counter.counter_p50_us)" ]]; then
  c_p50=$(val counter.counter_p50_us); c_p99=$(val counter.counter_p99_us)
  row "**Counter latency**: Enter → result shown, minus the simulator's service time; $(val counter.succeeded) scans on the real redeem page (offscreen), HTTPS, synced journal" \
      "p50 $(ms "$c_p50") ms, p99 $(ms "$c_p99") ms (p90 $(ms "$(val counter.counter_p90_us)"), max $(ms "$(val counter.counter_max_us)"); Enter → result p50 $(ms "$(val counter.enter_to_result_p50_us)") ms of which the simulator $(ms "$(val counter.service_p50_us)") ms). Where it goes (p50, from Enter): the answer in the window's thread at $(ms "$(val counter.enter_to_reply_p50_us)") ms, the outcome at $(ms "$(val counter.enter_to_outcome_p50_us)") ms; main-thread time per scan by event (receiver, Qt event type): $(val counter.main_thread_per_scan)" \
      "≤ 5 ms / ≤ 20 ms" "$(meets "$c_p50 <= 5000 && $c_p99 <= 20000")"
  if [[ "$(val counter.idle_scans)" -gt 0 ]]; then
    idle_over=$(val counter.idle_minus_warm_max_us)
    row "**First scan after idle** (\`--idle-timeout 30 --connect-delay 100\`, ${IDLE_SECONDS} s idle), minus a warm scan (p50)" \
        "+$(ms "$idle_over") ms at most over $(val counter.idle_scans) scans (each: $(val counter.idle_net_us) µs)" "≤ 10 ms" \
        "$(meets "$idle_over <= 10000")"
  fi
  if [[ -n "$(val cold.idle_net_us)" ]]; then
    row "… the same scan with keeping the connection ready off (what pre-connect saves)" \
        "+$(ms "$(( $(val cold.idle_net_us) - c_p50 ))") ms ($(val cold.idle_net_us) µs)" "" ""
  fi
else
  row "**Counter latency** (counter_bench)" "not measured: $counter_note" "≤ 5 ms / ≤ 20 ms" "—"
fi
if [[ -z "$peer_note" && -n "$(val peer.cpu_us_per_redemption)" ]]; then
  peer_us=$(val peer.cpu_us_per_redemption)
  row "**CPU per redemption, whole client** (desk, journal, QNetworkAccessManager, TLS) ÷ wechatpay-axios-plugin, both over HTTPS, same simulator, same run" \
      "$(calc '%.2f' "$ours_us / $peer_us")× ($(calc '%.0f' "$ours_us") µs ÷ $(calc '%.0f' "$peer_us") µs)" "≤ 0.7×" \
      "$(meets "$ours_us <= 0.7 * $peer_us")"
else
  row "**CPU per redemption, whole client ÷ wechatpay-axios-plugin**" "not measured: $peer_note" "≤ 0.7×" "—"
fi
if [[ "$bulk_result" != "not measured"* ]]; then
  row "**Bulk void**, $(thousands "$bulk_coupons") coupons, every deactivate answered after 50 ms, \`--rate 0\`, HTTPS" "$bulk_result" \
      "≥ 100 coupons/s" "$(meets "${per_s:-0} >= 100")"
else
  row "**Bulk void**, $(thousands "$bulk_coupons") coupons" "$bulk_result" "≥ 100 coupons/s" "—"
fi
# Where the CPU goes (no goals: the floor is what RSA costs, the peer what a common client costs).
row "RSA-2048 SHA-256 sign, src/wechatpay crypto" \
    "$(thousands "$(calc '%.0f' "$(val crypto.sign_per_s_cpu)")")/s per CPU second ($(calc '%.1f' "$sign_us") µs each)" "" ""
row "RSA-2048 SHA-256 verify, src/wechatpay crypto" \
    "$(thousands "$(calc '%.0f' "$(val crypto.verify_per_s_cpu)")")/s per CPU second ($(calc '%.1f' "$verify_us") µs each)" "" ""
if [[ -n "$openssl_line" ]]; then
  read -r os_sign os_verify <<<"$openssl_line"
  row "\`openssl speed rsa2048\` (reference, raw RSA)" "sign $(thousands "$(calc '%.0f' "$os_sign")")/s, verify $(thousands "$(calc '%.0f' "$os_verify")")/s" "" ""
fi
row "Floor per redemption: 1 sign + 1 verify" "$(calc '%.1f' "$floor_us") µs CPU" "" ""
row "Our client: CPU per redemption, N=$(thousands "$N") (desk::Desk: validate, journal, sign, send, verify, settle; HTTPS, $MODE)" \
    "$(calc '%.1f' "$ours_us") µs, median of $ROUNDS rounds ($(all_rounds ours)) (median round: user $(calc '%.1f' "$(val ours.user_us) / $N"), system $(calc '%.1f' "$(val ours.system_us) / $N")); $(val ours.succeeded)/$N succeeded; wall $(calc '%.2f' "$(val ours.wall_us_per_redemption) / 1000") ms each; $(calc '%.2f' "$ours_us / $floor_us")× the floor" \
    "" ""
row "… of which the protocol layer alone (wechatpay::ApiClient: sign, QNetworkAccessManager, TLS, verify)" \
    "$(calc '%.1f' "$api_us") µs, median of $ROUNDS rounds ($(all_rounds api)); desk + journal ≈ $(calc '%.0f' "$ours_us - $api_us") µs" "" ""
if [[ -z "$peer_note" && -n "$(val peer.cpu_us_per_redemption)" ]]; then
  row "Peer $(val peer.peer): CPU per redemption, N=$(thousands "$N"), HTTPS" \
      "$(calc '%.1f' "$peer_us") µs, median of $ROUNDS rounds ($(all_rounds peer)) (median round: user $(calc '%.1f' "$(val peer.user_us) / $N"), system $(calc '%.1f' "$(val peer.system_us) / $N")); $(val peer.succeeded)/$N succeeded; wall $(calc '%.2f' "$(val peer.wall_ms) / $N") ms each" \
      "" ""
fi
row "Our client: peak RSS (no GUI)" "$(calc '%.1f' "$(val ours.peak_rss_kib) / 1024") MiB" "" ""
rows_fmt=$(thousands "$ROWS")
row "History, $rows_fmt rows: open at start-up (open + unsettled + newest page of 50)" \
    "$(val open.startup_history_ms_median) ms median (first $(val open.startup_history_ms_first) ms; open alone $(val open.open_ms_median) ms)" "" ""
row "History, $rows_fmt rows: lookup by code" "$(history_row 'Lookup by exact code')" "≤ 5 ms" \
    "$(history_row 'Lookup by exact code' | awk '{ print ($2 + 0 <= 5) ? "yes" : "**NO**" }')"
row "History, $rows_fmt rows: filtered page of 50 (7 days, SUCCEEDED)" "$(history_row 'Filtered page of 50: SUCCEEDED')" "≤ 50 ms" \
    "$(history_row 'Filtered page of 50: SUCCEEDED' | awk '{ print ($2 + 0 <= 50) ? "yes" : "**NO**" }')"
row "**Day report**, $rows_fmt-row history (issue 19): ReportService::build of one day ($(thousands "$(val report.report_day_rows)") rows: cells by hour, stock, staff, operation, state; every breakdown; the day's unsettled rows); a week: $(val report.report_week_ms_median) ms" \
    "$(val report.report_day_ms_median) ms median (first $(val report.report_day_ms_first) ms, max $(val report.report_day_ms_max) ms)" "≤ 200 ms" \
    "$(meets "$(val report.report_day_ms_median) <= 200")"
row "History: batched insert rate" "$(history_row 'Batched insert')" "≥ 20,000 rows/s" \
    "$(history_row 'Batched insert' | awk '{ gsub(",", "", $1); print ($1 + 0 >= 20000) ? "yes" : "**NO**" }')"
row "Start-up of coupondesk (offscreen) to first shown window, $rows_fmt-row history" "$startup_result" "≤ 300 ms" "$startup_met"
row "Peak RSS of coupondesk (start-up run, $rows_fmt-row history)" "$rss_result" "≤ 80 MB" "$rss_met"
# Chain mode (issue 18).
if [[ -z "$chain_note" ]]; then
  lag_p99=$(val chain.lag_p99_ms)
  row "**Chain: replication lag**, redemption settled → visible in PostgreSQL, under $(val chain.lag_counters) counter processes × 500 redemptions at once (one wechatpay-sim over HTTPS, one PostgreSQL 15 with TLS; each counter's ChainLink; looked at every 20 ms, against each counter's own log of when it settled)" \
      "p99 $lag_p99 ms (p50 $(val chain.lag_p50_ms), max $(val chain.lag_max_ms) ms; $(thousands "$(val chain.lag_rows)") rows, $(val chain.lag_redemptions_per_s) redemptions/s over all counters)" \
      "≤ 1 s" "$(meets "$lag_p99 <= 1000")"
  row "**Chain: catch-up after 1 hour offline**, $(thousands "$(val chain.catchup_rows)") queued rows ($(thousands "$(val chain.catchup_entries)") outbox entries), ChainPusher::pushAll in batches of $(val chain.catchup_batch_size), connection included" \
      "$(val chain.catchup_ms) ms ($(val chain.catchup_batches) batches)" "≤ 5 s" "$(meets "$(val chain.catchup_ms) <= 5000")"
  if [[ -n "$(val chain.history_rows)" ]]; then
    ch_rows=$(val chain.history_rows)
    ch_what="chain history of $(thousands "$ch_rows") rows (500 shops × 4 counters × 30 days, generated in $(calc '%.0f' "$(val chain.history_generate_ms) / 1000") s + VACUUM ANALYZE $(calc '%.0f' "$(val chain.history_vacuum_ms) / 1000") s, $(val chain.history_mib) MiB), a counter's login; median/p99/max"
    ch_met() { if [[ "$ch_rows" -ge 10000000 ]]; then meets "$1"; else echo "— (goal is for 10,000,000 rows: BENCH_CHAIN_ROWS)"; fi; }
    row "**Chain: lookup by code** (chainTrail), $ch_what" "$(val chain.history_lookup_ms) ms" "≤ 10 ms" \
        "$(ch_met "$(val chain.history_lookup_p50) <= 10")"
    row "**Chain: one shop's day page**, 50 rows newest first (ChainReads::page), the same history" "$(val chain.history_page_ms) ms" "≤ 50 ms" \
        "$(ch_met "$(val chain.history_page_p50) <= 50")"
    row "**Chain: day totals by shop**, count and sums by shop, operation, state for one day (chainDayTotals), the same history" "$(val chain.history_totals_ms) ms" "≤ 1 s" \
        "$(ch_met "$(val chain.history_totals_p50) <= 1000")"
    row "**Chain day report cells over 10M rows** (issue 19): one day of the whole chain counted by hour, shop, stock, staff, operation, state with the discounts (chainReportCells; $(thousands "$(val chain.history_report_cells)") cells), the same history; one shop's day: $(val chain.history_shop_report_ms) ms" \
        "$(val chain.history_report_ms) ms" "≤ 1 s" "$(ch_met "$(val chain.history_report_p50) <= 1000")"
    row "**Chain day report over 10M rows, whole** (issue 19): those cells and every breakdown desk builds from them (by stock, staff, hour, day, shop; desk::buildReport), as the Reports page and \`report --scope chain\` get it" \
        "$(val chain.history_report_full_ms) ms" "≤ 1 s" "$(ch_met "$(val chain.history_report_full_p50) <= 1000")"
  else
    row "**Chain: lookup by code / one shop's day page / day totals by shop / day report cells**, 10,000,000 rows" "not measured: BENCH_CHAIN_ROWS=0" "≤ 10 ms / ≤ 50 ms / ≤ 1 s / ≤ 1 s" "—"
  fi
else
  row "**Chain: replication lag / catch-up / 10,000,000-row history**" "not measured: $chain_note" "≤ 1 s / ≤ 5 s / ≤ 10 ms, ≤ 50 ms, ≤ 1 s, ≤ 1 s" "—"
fi
