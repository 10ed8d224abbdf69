#!/usr/bin/env bash
# Runs three more alternating rounds of the cases nearest to parity, with the commands and counts
# of perf/ot/run. Paths are those of the machine it ran on.
set -euo pipefail
here=/work/wt-json0p/perf/ot
fixture="$here/target/fixture.json"
out=/tmp/json0p-repeat
for round in 1 2 3; do
  for spec in "apply|rich-text: insert char then delete it" "transform|text-unicode: insert vs concurrent insert" "transform|text-unicode: delete word vs insert in it"; do
    kind="${spec%%|*}"; name="${spec#*|}"; tag="$round-$(echo "$name" | tr -c 'a-z0-9' '_')"
    java -jar "$here/target/benchmarks.jar" "OtBenchmark\.$kind\$" -p "name=$name" -f 1 -wi 10 -i 5 -w 1s -r 1s \
      -jvmArgs "-Dtandem.fixture=$fixture" -rf json -rff "$out/jmh-$tag.json" </dev/null >/dev/null
    node "$here/reference.js" "$fixture" "$out/reference-$tag.json" 10 5 1 "$kind" "$name" </dev/null >/dev/null
    echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg) round $round $kind $name"
  done
done
