#!/bin/sh
# Answers the service's root with its data and with what the service saw: which replica answered and the
# path that reached it (the edge strips the route's prefix).
json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }

printf 'Content-Type: application/json\r\n\r\n'
printf '{"service": %s, "served-by": %s, "path": %s, "data": %s}\n' \
  "$(json_string "$SERVICE")" "$(json_string "$(hostname)")" "$(json_string "$REQUEST_URI")" "$(cat /www/data.json)"
