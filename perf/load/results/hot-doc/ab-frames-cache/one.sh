#!/usr/bin/env bash
# one.sh LABEL JAR [loadgen args...]: fresh node, hot-doc ramp, metrics before/after.
set -uo pipefail
label=$1; jar=$2; shift 2
cd /work/main
TANDEM_HTTP_PORT=18180 TANDEM_CLUSTER_PORT=15980 TANDEM_CLUSTER_NAME=ab-$label-$$ TANDEM_PG_URL=postgresql://postgres@127.0.0.1:5432/test TANDEM_REDIS_URL=redis://127.0.0.1:6379 TANDEM_DATA_DIR=/tmp/ab/data java ${NODE_OPTS:-} -jar $jar > /tmp/ab/$label.log 2>&1 &
pid=$!
for i in $(seq 60); do curl -sf http://127.0.0.1:18180/health/ready >/dev/null && break; sleep 1; done
timeout 300 perf/load/run hot-doc --url ws://127.0.0.1:18180/sharedb --server-pid $pid --out /tmp/ab/$label.json "$@" > /tmp/ab/$label.progress 2>&1
curl -s http://127.0.0.1:18180/metrics | grep -E "^tandem_(commit_transactions|ops_committed)_total" > /tmp/ab/$label.metrics
kill $pid; wait $pid 2>/dev/null
echo "run $label"; grep "== typ" /tmp/ab/$label.progress; cat /tmp/ab/$label.metrics
