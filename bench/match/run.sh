#!/usr/bin/env bash
# The matching benchmark (see bench/README.md, "Finding the right child"):
# a million synthetic people in mace on SQLite and in PostgreSQL with
# pg_trgm, 10,000 referral-style queries, recall and latency of both.
#
# Usage, from the repository root:
#
#   MACE_BENCH_PG=postgres://postgres@127.0.0.1:5432/mace_bench bench/match/run.sh [flags]
#
# Without MACE_BENCH_PG only mace is measured. Flags go to the program:
# -people, -queries, -warm, -seed, -dir, -cpuprofile. It needs about 4 GB
# of memory and 6 GB of disk in the temporary folder.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
echo "mace matching benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, $(go version | awk '{ print $3 }'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/match" ./bench/match
pg=()
if [[ -n ${MACE_BENCH_PG:-} ]]; then pg=(-pg "$MACE_BENCH_PG"); fi
"$bin/match" "${pg[@]}" "$@"
