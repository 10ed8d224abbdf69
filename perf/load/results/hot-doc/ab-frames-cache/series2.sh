#!/usr/bin/env bash
cd /tmp/ab
args="--typists 50 --seconds 20 --ramp 200,300,400 --step-seconds 20"
/tmp/ab/one.sh c0-1 /tmp/ab/c.jar $args
TANDEM_WS_FLUSH_INTERVAL_MICROS=5000 /tmp/ab/one.sh c5-2 /tmp/ab/c.jar $args
/tmp/ab/one.sh new0-3 /tmp/ab/new.jar $args
TANDEM_WS_FLUSH_INTERVAL_MICROS=5000 /tmp/ab/one.sh c5-4 /tmp/ab/c.jar $args
/tmp/ab/one.sh c0-5 /tmp/ab/c.jar $args
/tmp/ab/one.sh new0-6 /tmp/ab/new.jar $args
