#!/usr/bin/env bash
cd /tmp/ab
args="--typists 50 --seconds 20 --ramp 200,300,400 --step-seconds 20"
/tmp/ab/one.sh new0-1 /tmp/ab/new.jar $args
/tmp/ab/one.sh base-2 /tmp/ab/base.jar $args
TANDEM_WS_FLUSH_INTERVAL_MICROS=5000 /tmp/ab/one.sh new5-3 /tmp/ab/new.jar $args
TANDEM_WS_FLUSH_INTERVAL_MICROS=5000 /tmp/ab/one.sh new5-4 /tmp/ab/new.jar $args
/tmp/ab/one.sh base-5 /tmp/ab/base.jar $args
/tmp/ab/one.sh new0-6 /tmp/ab/new.jar $args
