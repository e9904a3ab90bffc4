# Sourced by the screen tests: writes $tmp/solardash.conf for the Redis socket $1 (default:
# the harness's) under the test's key prefix, applies the schema with `solardash db migrate`
# and loads the fixed factory of fixture.sql into the test's database.
sd_screen_setup() {
	local rsk=${1:-$SD_TEST_REDIS_SOCKET}
	export PGTZ=UTC TZ=UTC HOME="$tmp"
	unset REDIS_URL SOLARDASH_CONF XDG_CONFIG_HOME
	cat >"$tmp/solardash.conf" <<CONF
redis = { socket = "$rsk"; prefix = "$SD_TEST_PREFIX"; };
CONF
	"$sd" -c "$tmp/solardash.conf" db migrate >"$tmp/setup.err" 2>&1 ||
		{ cat "$tmp/setup.err"; echo "$t_name: db migrate failed"; exit 1; }
	psql -q -X -v ON_ERROR_STOP=1 -f "$srcdir/tests/screen/fixture.sql" >/dev/null \
		2>"$tmp/setup.err" ||
		{ cat "$tmp/setup.err"; echo "$t_name: cannot load the fixture"; exit 1; }
	redis-cli -s "$rsk" --scan --pattern "$SD_TEST_PREFIX:*" |
		xargs -r redis-cli -s "$rsk" unlink >/dev/null
}
