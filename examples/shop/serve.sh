#!/bin/sh
# Runs busybox httpd in the foreground on PORT (default 8080), serving /www.
# As the container's PID 1, httpd would ignore SIGTERM (the kernel drops signals PID 1 has no handler for)
# and every stop would wait for SIGKILL; this shell ends it on SIGTERM instead.
httpd -f -v -p "${PORT:-8080}" -h /www &
pid=$!
trap 'kill "$pid"; exit 0' TERM INT
wait "$pid"
