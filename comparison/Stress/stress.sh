#!/usr/bin/env bash
# The stress run of issue #27 item 2 (see Program.cs). Two parts, both with the GC's gen0 budget at its minimum
# (DOTNET_GCgen0size=0x10000: a collection every 64 KiB allocated), nice'd, bounded in time:
#   1. in-process: PROCS processes of Stress, each RUNS runs of --path PATH_KIND (default autograd: the reg study's
#      autograd dropout run, which crashed) with a thread forcing GCs and finalizers in a loop;
#   2. CLI: CLI_PAIRS pairs of `compare --quick --studies reg` run two at a time into one --out, as the crash was seen.
# A process that ends on a signal (exit ≥ 128: 134 SIGABRT, 139 SIGSEGV) is a crash. Prints the runs, the crashes and
# the runs before the first crash; logs stay in $LOG (default a new temporary directory). Exit 1 if anything crashed.
#
#   comparison/Stress/stress.sh                       # defaults: PROCS=5 RUNS=100 ITER=400 CLI_PAIRS=5
#   PROCS=10 RUNS=100 CLI_PAIRS=0 comparison/Stress/stress.sh
set -u
cd "$(dirname "$0")/../.."
PROCS=${PROCS:-5} RUNS=${RUNS:-100} ITER=${ITER:-400} PATH_KIND=${PATH_KIND:-autograd} CLI_PAIRS=${CLI_PAIRS:-5}
LIMIT=${LIMIT:-1800}   # seconds per process at most
LOG=${LOG:-$(mktemp -d /tmp/tp-stress.XXXXXX)}
mkdir -p "$LOG"
export DOTNET_GCgen0size=${DOTNET_GCgen0size:-0x10000}
# STRESS and CLI: other builds of the two programs (then nothing is built), e.g. copies of an older commit's bin/.
if [ -z "${STRESS:-}" ]; then
  nice -n 10 dotnet build -c Release comparison/Stress/Stress.csproj -v q -nologo >"$LOG/build.log" 2>&1 &&
    nice -n 10 dotnet build -c Release src/TorchPractice.Cli/TorchPractice.Cli.csproj -v q -nologo >>"$LOG/build.log" 2>&1 ||
    { echo "build failed: $LOG/build.log" >&2; exit 2; }
fi
STRESS=${STRESS:-comparison/Stress/bin/Release/net10.0/Stress}
CLI=${CLI:-src/TorchPractice.Cli/bin/Release/net10.0/TorchPractice.Cli}
echo "logs: $LOG; DOTNET_GCgen0size=$DOTNET_GCgen0size; $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo ' (modified)')"

runs=0 crashes=0 first=""
for p in $(seq 1 "$PROCS"); do
  nice -n 10 timeout "$LIMIT" "$STRESS" --path "$PATH_KIND" --runs "$RUNS" --iterations "$ITER" >"$LOG/inproc-$p.out" 2>"$LOG/inproc-$p.err"
  rc=$?
  n=$(grep -c '^run .* ok' "$LOG/inproc-$p.out")
  if [ $rc -ge 128 ] && [ $rc -ne 124 ]; then
    crashes=$((crashes + 1)); [ -z "$first" ] && first=$((runs + n + 1))
    echo "in-process $p: CRASH exit $rc after $n runs: $(grep -v '^\s*$' "$LOG/inproc-$p.err" | head -2 | tr '\n' ' ' | cut -c1-200)"
  elif [ $rc -ne 0 ]; then echo "in-process $p: exit $rc after $n runs (see $LOG/inproc-$p.err)"
  fi
  runs=$((runs + n))
done
echo "in-process ($PATH_KIND, $ITER iterations, GC thread): $runs runs, $crashes crashes${first:+, first crash in run $first}"

cli=0 cli_crashes=0 other=0
for p in $(seq 1 "$CLI_PAIRS"); do
  for s in a b; do
    nice -n 10 timeout "$LIMIT" "$CLI" compare --quick --studies reg --out "$LOG/out" --force >"$LOG/cli-$p$s.out" 2>"$LOG/cli-$p$s.err" &
    eval "pid_$s=$!"
  done
  for s in a b; do
    eval "wait \$pid_$s"; rc=$?
    cli=$((cli + 1))
    if [ $rc -ge 128 ] && [ $rc -ne 124 ]; then
      cli_crashes=$((cli_crashes + 1)); echo "cli $p$s: CRASH exit $rc: $(tail -c 300 "$LOG/cli-$p$s.err" | tr '\n' ' ')"
    elif [ $rc -ne 0 ]; then other=$((other + 1)); echo "cli $p$s: exit $rc: $(tail -n 1 "$LOG/cli-$p$s.err")"
    fi
  done
done
[ "$CLI_PAIRS" -gt 0 ] && echo "cli (compare --quick --studies reg, two at a time): $cli runs, $cli_crashes crashes, $other other failures"
[ $((crashes + cli_crashes)) -eq 0 ]
