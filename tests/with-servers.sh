#!/usr/bin/env bash
# Runs a command against a private PostgreSQL 15 and Redis 7 started in a short temp folder,
# with PGHOST/PGPORT/PGDATABASE/PGUSER and SD_TEST_* pointing at them. Both servers are
# stopped and the folder removed on every exit path: success, failure, Ctrl-C, SIGTERM, SIGHUP.
# PostgreSQL never runs as root: as root it runs as the postgres user.
set -u

die() { echo "with-servers: $*" >&2; exit 1; }

pgbin=/usr/lib/postgresql/15/bin
[ -x "$pgbin/initdb" ] || pgbin=$(pg_config --bindir 2>/dev/null)
[ -x "$pgbin/initdb" ] || die "PostgreSQL 15 server binaries not found: apt-get install postgresql-15"
command -v redis-server >/dev/null || die "redis-server not found: apt-get install redis-server"
[ $# -gt 0 ] || die "usage: with-servers.sh COMMAND [ARG]..."

dir=$(mktemp -d /tmp/sd.XXXXXX) || die "cannot create a temp folder in /tmp"
child=
redis_pid=
pg_started=

as_pg() {
	if [ "$(id -u)" = 0 ]; then (cd "$dir" && runuser -u postgres -- "$@"); else (cd "$dir" && "$@"); fi
}

cleanup() {
	# Ignore further signals (a group SIGTERM and a forwarded one arrive together): a second
	# signal must not cut the cleanup short.
	trap '' INT TERM HUP
	trap - EXIT
	if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
		kill -TERM -- "-$child" 2>/dev/null || kill -TERM "$child" 2>/dev/null
		wait "$child" 2>/dev/null
	fi
	if [ -n "$redis_pid" ]; then
		kill "$redis_pid" 2>/dev/null
		wait "$redis_pid" 2>/dev/null
	fi
	if [ -n "$pg_started" ]; then
		as_pg "$pgbin/pg_ctl" -D "$dir/pg" -m immediate -w stop >/dev/null 2>&1
	fi
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap 'cleanup; exit 129' HUP

[ "$(id -u)" = 0 ] && chown postgres: "$dir"
chmod 755 "$dir"

as_pg "$pgbin/initdb" -D "$dir/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
	--no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
{
	echo "listen_addresses = ''"
	echo "unix_socket_directories = '$dir'"
	echo "port = 5432"
	echo "fsync = off"
	echo "synchronous_commit = off"
	echo "full_page_writes = off"
	echo "max_connections = 200"
	echo "allow_in_place_tablespaces = on"
	echo "log_min_messages = warning"
	if [ -f "$("$pgbin/pg_config" --pkglibdir 2>/dev/null || echo /usr/lib/postgresql/15/lib)/pg_cron.so" ]; then
		echo "shared_preload_libraries = 'pg_cron'"
		echo "cron.database_name = 'solardash_cron'"
		echo "cron.host = '$dir'"
	fi
} >>"$dir/pg/postgresql.conf"
as_pg "$pgbin/pg_ctl" -D "$dir/pg" -l "$dir/pg.log" -w -t 30 start >/dev/null 2>&1 ||
	{ cat "$dir/pg.log" >&2; die "PostgreSQL did not start"; }
pg_started=1

redis-server --daemonize no --save '' --appendonly no --port 0 \
	--unixsocket "$dir/redis.sock" --unixsocketperm 777 --dir "$dir" \
	--logfile "$dir/redis.log" &
redis_pid=$!
for _ in $(seq 100); do
	[ -S "$dir/redis.sock" ] && redis-cli -s "$dir/redis.sock" ping >/dev/null 2>&1 && break
	sleep 0.05
done
redis-cli -s "$dir/redis.sock" ping >/dev/null 2>&1 || { cat "$dir/redis.log" >&2; die "Redis did not start"; }

export PGHOST="$dir" PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
export SD_TEST_DIR="$dir" SD_TEST_PGBIN="$pgbin" SD_TEST_REDIS_SOCKET="$dir/redis.sock"
unset REDIS_URL SOLARDASH_CONF PGSERVICE PGPASSWORD

# Own process group, so cleanup can stop the whole tree; `wait` lets the traps run at once.
set -m
"$@" &
child=$!
set +m
wait "$child"
rc=$?
child=
exit "$rc"
