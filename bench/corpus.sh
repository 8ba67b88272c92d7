#!/usr/bin/env bash
# Every schema of tests/corpus on both engines: seed init -> seed (the starter config unedited)
# -> oltp, ecommerce and olap workloads for SECONDS each (default 10) with zero failed
# transactions, then counts and orphan checks with psql / mariadb (tests/integration/t_corpus.sh;
# make check runs the same with 2 s workloads).  Run by hand:
#   bench/corpus.sh [SECONDS]   (B=build dir; CORPUS=chinook,tpcc runs only those schemas)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export CORPUS_SECS=${1:-10}
export BUILD=${BUILD:-$ROOT/${B:-build}}
IT_VERBOSE=1 exec bash "$ROOT/tests/integration/run.sh" test_corpus_
