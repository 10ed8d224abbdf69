#!/usr/bin/env bash
# A/B of two Tandem jars on the hot-doc ramp, alternating ABBA, fresh node per run.
set -uo pipefail
cd /work/main
mkdir -p /tmp/ab
n=0
for label in old new new old; do
  n=$((n+1))
  jar=$([[ $label == old ]] && echo /work/wt-old/target/tandem.jar || echo /work/main/target/tandem.jar)
  TANDEM_HTTP_PORT=18180 TANDEM_CLUSTER_PORT=15980 TANDEM_CLUSTER_NAME=ab-$n TANDEM_PG_URL=postgresql://postgres@127.0.0.1:5432/test TANDEM_REDIS_URL=redis://127.0.0.1:6379 TANDEM_DATA_DIR=/tmp/ab/data java -jar $jar > /tmp/ab/$label-$n.log 2>&1 &
  pid=$!
  for i in $(seq 60); do curl -sf http://127.0.0.1:18180/health/ready >/dev/null && break; sleep 1; done
  timeout 300 perf/load/run hot-doc --url ws://127.0.0.1:18180/sharedb --typists 50 --seconds 20 --ramp 200,300,400 --step-seconds 20 --server-pid $pid --out /tmp/ab/$label-$n.json > /tmp/ab/$label-$n.progress 2>&1
  kill $pid; wait $pid 2>/dev/null
  echo "run $n $label"; grep "== typ" /tmp/ab/$label-$n.progress
done
