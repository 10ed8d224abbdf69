#!/usr/bin/env bash
cd /tmp/ab
args="--typists 100 --seconds 20 --ramp 200,300 --step-seconds 20 --presence-ms 1000"
/tmp/ab/one.sh pold-1 /tmp/ab/p-old.jar $args
/tmp/ab/one.sh pnew-2 /tmp/ab/p-new.jar $args
/tmp/ab/one.sh pnew-3 /tmp/ab/p-new.jar $args
/tmp/ab/one.sh pold-4 /tmp/ab/p-old.jar $args
