#!/usr/bin/env bash
# tests/with-servers.sh stops both servers and removes its folder on every exit path.
. "$srcdir/tests/lib.sh"
ws="$srcdir/tests/with-servers.sh"
tmp=$(mktemp -d /tmp/sdc.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

leftovers() { # DIR: prints what is still there of a harness run
	[ -e "$1" ] && echo "folder $1"
	pgrep -f -- "$1" >/dev/null && echo "processes using $1"
}

# The command's exit code comes back, and nothing is left.
bash "$ws" bash -c 'echo "$SD_TEST_DIR" >"$0"; redis-cli -s "$SD_TEST_REDIS_SOCKET" ping >"$0.ping"; exit 3' "$tmp/dir1"
t_eq "exit code of the command is passed on" 3 "$?"
t_eq "the command saw a live Redis" PONG "$(cat "$tmp/dir1.ping" 2>/dev/null)"
d=$(cat "$tmp/dir1")
t_check "a temp folder was given" test -n "$d"
t_eq "nothing left after a failing command" "" "$(leftovers "$d")"

# SIGTERM half way: servers stopped, folder gone, the command killed.
bash "$ws" bash -c 'echo "$SD_TEST_DIR" >"$0"; sleep 60' "$tmp/dir2" &
pid=$!
for _ in $(seq 100); do [ -s "$tmp/dir2" ] && break; sleep 0.1; done
d=$(cat "$tmp/dir2")
t_check "servers up before the signal" test -S "$d/redis.sock"
kill -TERM "$pid"
wait "$pid"
t_eq "SIGTERM exit code" 143 "$?"
sleep 0.3
t_eq "nothing left after SIGTERM" "" "$(leftovers "$d")"
t_done
