#!/usr/bin/env bash
# The dashboard in a real terminal (tmux on a private socket, LANG=C.UTF-8, 120x40): it
# starts, follows a resize down to "terminal too small" and back, restores the terminal
# modes on q, SIGTERM and SIGHUP (stty -g before and after), exits on SIGHUP instead of
# spinning, and shows a Redis outage on the status line and recovers from it by itself.
. "$srcdir/tests/lib.sh"
sd=$(cd "$top_builddir" && pwd)/solardash
tmp=$(mktemp -d /tmp/sdtx.XXXXXX)
tsock="$tmp/tmux.sock"
rsock="$tmp/redis.sock"
redis_pid=
cleanup() {
	tmux -S "$tsock" kill-server 2>/dev/null
	[ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

command -v tmux >/dev/null || { echo "tmux not installed"; t_fail "tmux available"; t_done; exit; }

# A Redis of our own: this test stops it, and other tests share the harness's.
start_redis() {
	redis-server --daemonize no --save '' --appendonly no --port 0 --unixsocket "$rsock" \
		--dir "$tmp" --logfile "$tmp/redis.log" &
	redis_pid=$!
	for _ in $(seq 100); do
		redis-cli -s "$rsock" ping >/dev/null 2>&1 && return 0
		sleep 0.05
	done
	return 1
}
start_redis || { t_fail "private redis starts"; t_done; exit; }
. "$srcdir/tests/screen/setup.sh"
sd_screen_setup "$rsock"

export LANG=C.UTF-8
unset LC_ALL
tmux -S "$tsock" -f /dev/null new-session -d -x 120 -y 40 \
	"env -u TMUX TERM=screen-256color PS1='$ ' bash --norc --noprofile" || {
	t_fail "tmux starts"; t_done; exit; }

screen() { tmux -S "$tsock" capture-pane -p; }
# wait_for TEXT [SECONDS]: until the pane shows TEXT.
wait_for() {
	local i
	for i in $(seq $(( ${2:-5} * 10 ))); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	screen >"$tmp/last-screen"
	return 1
}
keys() { tmux -S "$tsock" send-keys "$@"; }

# start [USER [TEXT]]: runs the dashboard from the shell (operator by default), logs in and
# waits for TEXT; records the terminal modes before and after, and the exit code.
start() {
	rm -f "$tmp/pid" "$tmp/rc" "$tmp/after"
	keys "clear; stty -g >$tmp/before; sh -c 'echo \$\$ >$tmp/pid; exec \"$sd\" -c \"$tmp/solardash.conf\" --user ${1:-operator}'; echo \$? >$tmp/rc; stty -g >$tmp/after" Enter
	wait_for "PIN:" && keys 1234 Enter && wait_for "${2:-Waiting at this station}"
}

# finished: the program exited and the shell wrote the modes; same as before?
modes_restored() {
	local i
	for i in $(seq 50); do [ -s "$tmp/after" ] && break; sleep 0.1; done
	[ -s "$tmp/after" ] && cmp -s "$tmp/before" "$tmp/after"
}

t_check "starts and logs in (operator queue shown)" start
t_check "status line names the user and the cache" wait_for "operator (operator) | cache"
# Idle CPU: ticks of user+system time over 3 idle seconds (100 ticks = 1 s of CPU).
ticks() { awk '{ print $14 + $15 }' "/proc/$(cat "$tmp/pid")/stat"; }
t0=$(ticks); sleep 3; t1=$(ticks)
t_check "idle: at most 5 ticks of CPU in 3 s (got $((t1 - t0)))" test $((t1 - t0)) -le 5
tmux -S "$tsock" resize-window -x 100 -y 30
t_check "resize to 100x30 redraws" wait_for "Waiting at this station"
tmux -S "$tsock" resize-window -x 50 -y 12
t_check "resize to 50x12: terminal too small" wait_for "terminal too small: 50x12"
tmux -S "$tsock" resize-window -x 120 -y 40
t_check "back to 120x40" wait_for "Waiting at this station"
t_check "colours are used by default" bash -c "tmux -S '$tsock' capture-pane -e -p | grep -q \$'\\e\\[[0-9;]*3[0-7]m'"
keys q
t_check "q restores the terminal modes" modes_restored
keys "export NO_COLOR=1" Enter
t_check "NO_COLOR: starts" start
t_check "NO_COLOR: no colour on screen" bash -c "! tmux -S '$tsock' capture-pane -e -p | grep -q \$'\\e\\[[0-9;]*3[0-7]m'"
keys q
t_check "NO_COLOR: quits" modes_restored
keys "unset NO_COLOR" Enter
t_eq "q exits 0" 0 "$(cat "$tmp/rc" 2>/dev/null)"
# A theme's background covers the whole screen, not only the cells text is drawn in:
# high-contrast leaves no cell in the terminal's default background (SGR 49).
themes=$(cd "$srcdir/themes" && pwd)
printf 'terminal = { theme = "high-contrast"; };\n' >>"$tmp/solardash.conf"
keys "export SOLARDASH_THEMEDIR=$themes" Enter
t_check "high-contrast: starts" start
t_check "high-contrast: its background everywhere" bash -c "tmux -S '$tsock' capture-pane -e -p | grep -q \$'\\e\\[40m' && ! tmux -S '$tsock' capture-pane -e -p | grep -q \$'\\e\\[49m'"
keys q
t_check "high-contrast: quits" modes_restored
sed -i '/^terminal = /d' "$tmp/solardash.conf"
# A terminal type without cursor addressing (TERM=dumb) loads in ncurses, but nothing drawn
# shows: a blank screen. It is refused with a message instead.
keys "clear; TERM=dumb \"$sd\" -c \"$tmp/solardash.conf\"; echo dumb-rc=\$?" Enter
t_check "TERM=dumb: refused, saying why" wait_for "terminal type 'dumb' cannot move the cursor"
t_check "TERM=dumb: exit 1" wait_for "dumb-rc=1"
screen | grep -q "dumb-rc=" || keys Escape Escape   # a blank dashboard: leave it for the next tests

t_check "starts again" start
kill -TERM "$(cat "$tmp/pid")"
t_check "SIGTERM restores the terminal modes" modes_restored
t_eq "SIGTERM exit code" 143 "$(cat "$tmp/rc" 2>/dev/null)"

t_check "starts for SIGHUP" start
pid=$(cat "$tmp/pid")
kill -HUP "$pid"
t_check "SIGHUP restores the terminal modes" modes_restored
t_check "SIGHUP: the process is gone (no spinning)" bash -c "! kill -0 $pid 2>/dev/null"

# Redis stops mid-session: the status line says so, the data stays; then it recovers.
t_check "starts for the outage" start
kill "$redis_pid"; wait "$redis_pid" 2>/dev/null; redis_pid=
t_check "Redis down: status line shows cache DOWN (no key pressed)" wait_for "cache DOWN" 15
t_check "Redis down: the last data stays on screen" wait_for "SDT00007"
start_redis
t_check "Redis back: status line recovers by itself" wait_for "cache up" 20
keys q
t_check "q after the outage restores the modes" modes_restored
# A refresh elsewhere reaches an open screen at once (pub/sub), not on the 30 s interval.
t_check "supervisor starts" start supervisor "Panels by status"
t_check "supervisor sees 7 completed panels" wait_for "completed          7"
psql -q -X -c "INSERT INTO panels (barcode, type, status, created_at, updated_at)
	VALUES ('SDT00099', 'Sunly SL-330P', 'completed', now() - interval '1 day', now())" >/dev/null
"$sd" -c "$tmp/solardash.conf" refresh >/dev/null 2>&1
t_check "views refreshed elsewhere: 8 completed on screen within 5 s" wait_for "completed          8" 5
# A refresh behind solardash's back (as pg_cron does: no event is published): the loop looks
# at the shared generations every cache.generation_ttl_ms (5 s), not only on the 30 s interval.
psql -q -X -c "INSERT INTO panels (barcode, type, status, created_at, updated_at)
	VALUES ('SDT00098', 'Sunly SL-330P', 'completed', now() - interval '1 day', now())" \
	-c "SELECT count(*) FROM refresh_all_materialized_views('pg_cron')" >/dev/null
t_check "views refreshed by pg_cron: 9 completed on screen within 8 s" wait_for "completed          9" 8
keys q
t_check "supervisor quits, modes restored" modes_restored

# Admin: a refresh while another one holds the lock is answered "already running" at once,
# and the keys keep working meanwhile.
psql -q -X -c "BEGIN" -c "SELECT pg_advisory_xact_lock(2026, 1)" -c "SELECT pg_sleep(3)" \
	>/dev/null 2>&1 &
holder=$!
t_check "admin starts" start admin "Materialized views"
keys A
t_check "admin: refresh all asks first" wait_for "Refresh all materialized views now?"
keys y
t_check "admin: a second refresher hears 'already running'" wait_for "already running" 5
keys Tab
t_check "admin: keys still work (Tab moves the focus)" wait_for "> Sizes"
wait "$holder"   # the lock ends with its transaction
# Partitions (their numbers follow the calendar, so they are checked here by their words).
keys 5
t_check "admin: partitions pane lists the three tables" wait_for "Partitioned tables (3)"
t_check "admin: per table its size and tablespaces too" wait_for "Tablespaces"
t_check "admin: e.g. inspections in pg_default" bash -c "tmux -S '$tsock' capture-pane -p | grep -Eq '^[A-Z ok]{6}inspections +[0-9]+ +[0-9]+ +[0-9]+ +[0-9.]+ [kMG]?B +[0-9]+ pg_default'"
keys X
t_check "admin: archive runs a dry run first" wait_for "archive preview: nothing is old enough"
keys C
t_check "admin: create asks first" wait_for "Create the monthly partitions ahead now?"
keys y
t_check "admin: create reports what it did" wait_for "create partitions: done"
t_check "admin: and lists it" wait_for "exists"
# Cache: warm a role, invalidate after the confirmation.
keys 6
t_check "admin: cache pane shows health" wait_for "reachable      yes"
keys W
t_check "admin: warm asks for the role" wait_for "warm which role [operator]: _"
keys Enter
t_check "admin: warm reports the values loaded" wait_for "values loaded"
keys I
t_check "admin: the pattern prompt is named in full" \
	wait_for "invalidate keys matching (after the prefix) [*]: _"
keys Enter
t_check "admin: invalidate asks first" wait_for "Delete every cache key matching '*'"
keys y
t_check "admin: invalidate reports the keys deleted" wait_for "keys deleted"
keys q
t_check "admin quits, modes restored" modes_restored

# q while an admin job runs: the job ends first, and the screen says that it is waited for
# (it used to freeze on "running for N s" until the job ended, up to the admin statement
# timeout); SIGTERM does not wait for it.
lock_panels() {
	psql -q -X -c "BEGIN" -c "LOCK TABLE panels IN ACCESS EXCLUSIVE MODE" -c "SELECT pg_sleep($1)" \
		>/dev/null 2>&1 &
	holder=$!
	sleep 0.5
}
t_check "admin starts for a long job" start admin "Materialized views"
lock_panels 4
keys A; wait_for "Refresh all materialized views now?" && keys y
t_check "admin: the refresh waits for the lock" wait_for "refresh all views running for"
keys q
t_check "q during a job: says it waits for it" wait_for "waiting for refresh all views to finish" 3
t_check "q during a job: exits when it ends, modes restored" modes_restored
t_eq "q during a job exits 0" 0 "$(cat "$tmp/rc" 2>/dev/null)"
wait "$holder"
t_check "admin starts for SIGTERM during a job" start admin "Materialized views"
lock_panels 6
keys A; wait_for "Refresh all materialized views now?" && keys y
wait_for "refresh all views running for"
kill -TERM "$(cat "$tmp/pid")"
sleep 2
t_check "SIGTERM during a job: gone within 2 s (the job still waits for its lock)" test -s "$tmp/after"
t_check "SIGTERM during a job: modes restored" modes_restored
t_eq "SIGTERM during a job exit code" 143 "$(cat "$tmp/rc" 2>/dev/null)"
wait "$holder"

# Kiosk: q refused, and an idle session logs out by itself.
printf 'terminal = { kiosk = true; idle_logout_s = 2; };\n' >>"$tmp/solardash.conf"
t_check "kiosk starts" start
keys q
t_check "kiosk: q is refused" wait_for "kiosk mode: quitting is disabled"
t_check "kiosk: idle logout back to the login screen" wait_for "Scan your badge" 6
kill -TERM "$(cat "$tmp/pid")"
t_check "kiosk: SIGTERM still restores the modes" modes_restored
sed -i '/^terminal = /d' "$tmp/solardash.conf"

# -n 1: exits by itself after the first refresh cycle, terminal restored.
keys "clear; stty -g >$tmp/before; rm -f $tmp/after; \"$sd\" -c \"$tmp/solardash.conf\" --user operator -n 1; echo \$? >$tmp/rc; stty -g >$tmp/after" Enter
wait_for "PIN:" && keys 1234 Enter
t_check "-n 1 exits after one refresh cycle, modes restored" modes_restored
t_eq "-n 1 exits 0" 0 "$(cat "$tmp/rc" 2>/dev/null)"
[ -f "$tmp/last-screen" ] && { echo "last screen seen:"; cat "$tmp/last-screen"; }
t_done
