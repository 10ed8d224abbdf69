#!/usr/bin/env bash
cd /tmp/ab
args="--typists 100 --seconds 20 --ramp 200,300 --step-seconds 20 --presence-ms 1000"
/tmp/ab/one.sh pcache-1 /tmp/ab/p-cache.jar $args
/tmp/ab/one.sh pold-5 /tmp/ab/p-old.jar $args
/tmp/ab/one.sh pcache-2 /tmp/ab/p-cache.jar $args
