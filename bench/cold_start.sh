#!/usr/bin/env bash
# Cold start of `newsdesk ask` (extractive path): each run a fresh process, over an index of seeds/ in a temp
# NEWSDESK_HOME. With a git ref, the same question is also timed on that commit's tree (git archive into a temp
# folder, run with `python -m assistant.cli` from there, same venv), interleaved with this tree's runs.
# Usage: bench/cold_start.sh [RUNS] [BEFORE_REF]      e.g. bench/cold_start.sh 5 4f1c864
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
REF=${2:-}
PY=$PWD/.venv/bin/python
QUESTION="Who is Trump's Special Envoy for Ukraine and Russia?"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False ANONYMIZED_TELEMETRY=False
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export NEWSDESK_HOME=$work/home
mkdir -p "$work/now" && git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$work/now"
sides=(now)
if [ -n "$REF" ]; then mkdir -p "$work/before" && git archive "$REF" | tar -xf - -C "$work/before"; sides=(before now); fi
(cd "$work/now" && "$PY" -m assistant.cli index seeds/ >/dev/null)
for _ in $(seq "$RUNS"); do
  for side in "${sides[@]}"; do
    (cd "$work/$side" && /usr/bin/time -f "$side %e s wall, %U s user" -o "$work/time" \
      "$PY" -m assistant.cli ask "$QUESTION" >"$work/$side.out" 2>"$work/$side.err"); cat "$work/time"
  done
done
for side in "${sides[@]}"; do
  echo "$side: $(head -c 80 "$work/$side.out")… ; 'Loading weights' bars on stderr: $(grep -c 'Loading weights' "$work/$side.err" || true)"
done
