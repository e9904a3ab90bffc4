# Sourced by the screen tests: loads the schema (the ordered migrations) and the fixed
# factory of fixture.sql into the test's database, and writes $tmp/solardash.conf for
# the Redis socket $1 (default: the harness's) under the test's key prefix.
sd_screen_setup() {
	local sock=${1:-$SD_TEST_REDIS_SOCKET} f
	export PGTZ=UTC TZ=UTC HOME="$tmp"
	unset REDIS_URL SOLARDASH_CONF XDG_CONFIG_HOME
	for f in "$srcdir"/sql/[0-9]*.sql "$srcdir/tests/screen/fixture.sql"; do
		psql -q -X -v ON_ERROR_STOP=1 -f "$f" >/dev/null 2>"$tmp/setup.err" ||
			{ cat "$tmp/setup.err"; echo "$t_name: cannot load $f"; exit 1; }
	done
	cat >"$tmp/solardash.conf" <<CONF
redis = { socket = "$sock"; prefix = "$SD_TEST_PREFIX"; };
CONF
	redis-cli -s "$sock" --scan --pattern "$SD_TEST_PREFIX:*" |
		xargs -r redis-cli -s "$sock" unlink >/dev/null
}
