#!/usr/bin/env bash
# The SQL side under pgTAP: migrates this test's database with ./solardash db migrate (twice),
# loads a small demo factory from the real CEC catalogue, then runs pg_prove on tests/sql/*.sql.
# Prints pg_prove's own summary, then "test_sql: N passed, N failed" over the pgTAP assertions.
# Without the real catalogue (a fresh machine with no ../shared/data) the factory is built from
# the built-in catalogue and the real-catalogue checks (tests/sql/06_demo.sql) are skipped, saying so.
set -u
sd="$top_builddir/solardash"
psql=("$SD_TEST_PGBIN/psql" -X -q -v ON_ERROR_STOP=1)
# The real catalogue sits beside the checkout (../shared/data); a distcheck tree is one level deeper.
cec=${SOLARDASH_CATALOG:-}
first=
for up in .. ../.. ../../..; do
	[ -n "$cec" ] && [ -f "$cec" ] && break
	cec="$top_srcdir/$up/shared/data/cec-modules/cec_modules_sam-2021.12.02.csv"
	first=${first:-$(realpath -m "$cec")}
done
passed=0 failed=0 skipped=0

step() {   # step NAME CMD...: a setup step that counts as one assertion
	local name=$1; shift
	if "$@" >"$SD_TEST_DIR/$SD_TEST_NAME.step" 2>&1; then
		passed=$((passed + 1)); echo "ok - $name"
	else
		failed=$((failed + 1)); echo "not ok - $name"; sed 's/^/# /' "$SD_TEST_DIR/$SD_TEST_NAME.step"
	fi
}
done_() {
	if [ "$skipped" -gt 0 ]; then
		echo "test_sql: $passed passed, $failed failed, $skipped skipped"
	else
		echo "test_sql: $passed passed, $failed failed"
	fi
	[ "$failed" -eq 0 ]
}

command -v pg_prove >/dev/null || { echo "test_sql: pg_prove missing (apt-get install libtap-parser-sourcehandler-pgtap-perl)"; failed=1; done_; exit 1; }
tests=("$srcdir"/tests/sql/*.sql)
if [ ! -f "$cec" ]; then
	echo "test_sql: SKIP the real-catalogue checks (tests/sql/06_demo.sql): no file at ${SOLARDASH_CATALOG:-$first}" \
		"(set SOLARDASH_CATALOG to a CEC module CSV to run them); using the built-in catalogue"
	cec=builtin
	keep=()
	for t in "${tests[@]}"; do [ "${t##*/}" = 06_demo.sql ] || keep+=("$t"); done
	tests=("${keep[@]}")
	skipped=1
fi

step "db migrate applies every migration" "$sd" db migrate
out=$("$sd" db migrate 2>&1)
nmig=$(ls "$srcdir"/sql/0*.sql | wc -l)
step "db migrate a second time applies nothing" grep -q "0 applied now, $nmig already applied (nothing to do)" <<<"$out"
step "db demo loads the catalogue ($cec) at a small scale" "$sd" db demo --catalog "$cec" --scale 0.02
# The archive tests need a tablespace: cluster-wide and not creatable in a transaction.
ts_exists=$("${psql[@]}" -Atc "SELECT count(*) FROM pg_tablespace WHERE spcname = 'sd_test_archive'")
[ "$ts_exists" = 1 ] || "${psql[@]}" -c "CREATE TABLESPACE sd_test_archive LOCATION ''" >/dev/null
step "pgTAP is installed in the test database" "${psql[@]}" -c "CREATE EXTENSION IF NOT EXISTS pgtap"

log="$SD_TEST_DIR/$SD_TEST_NAME.tap"
pg_prove --verbose --ext .sql -d "$PGDATABASE" "${tests[@]}" >"$log" 2>&1
prove_rc=$?
# Failed assertions with their diagnostics, then pg_prove's own summary, then our count.
grep -E -A6 '^\s*not ok [0-9]' "$log"
sed -n '/^Test Summary Report/,$p;/^All tests successful/,$p' "$log"
p=$(grep -cE '^\s*ok [0-9]' "$log")
f=$(grep -cE '^\s*not ok [0-9]' "$log")
passed=$((passed + p)); failed=$((failed + f))
[ "$prove_rc" -eq 0 ] || [ "$f" -gt 0 ] || { echo "pg_prove failed without a failed assertion:"; tail -n 30 "$log"; failed=$((failed + 1)); }
done_
