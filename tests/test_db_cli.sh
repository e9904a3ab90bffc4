#!/usr/bin/env bash
# `solardash db ...` as a user meets it: a failing migration names file, line and statement and
# leaves nothing behind; an edited migration is refused; the demo loader validates a catalogue
# (file:line), falls back to built-in models and says so, refuses to load twice; schedule with
# and without pg_cron; a server that cannot be reached is named.
. "$srcdir/tests/lib.sh"
sd="$top_builddir/solardash"
psql=("$SD_TEST_PGBIN/psql" -X -q -At)
tmp="$SD_TEST_DIR/$SD_TEST_NAME"
mkdir -p "$tmp/bad" "$tmp/syntax" "$tmp/edited" "$tmp/commit"
nmig=$(ls "$srcdir"/sql/0*.sql | wc -l)

# A migration that fails in its second statement.
cp "$srcdir"/sql/0*.sql "$tmp/bad/"
printf 'CREATE TABLE bad_one (x int);\n\n-- the next one fails\nINSERT INTO no_such_table\n  VALUES (1);\n' >"$tmp/bad/099_bad.sql"
err=$("$sd" db migrate --dir "$tmp/bad" 2>&1 >/dev/null); rc=$?
t_eq "a failing migration exits 1" 1 "$rc"
t_check "the error names file and line" grep -q '099_bad.sql:4: relation "no_such_table" does not exist' <<<"$err"
t_check "and the statement" grep -q 'in the statement at line 4: INSERT INTO no_such_table ...' <<<"$err"
t_check "and says it was rolled back" grep -q 'rolled back' <<<"$err"
t_eq "the migrations before it are applied" "$nmig" "$("${psql[@]}" -c 'SELECT count(*) FROM schema_migrations')"
t_eq "nothing of the failed file remains" "" "$("${psql[@]}" -c "SELECT to_regclass('bad_one')")"
t_eq "the failed file is not recorded" 0 "$("${psql[@]}" -c "SELECT count(*) FROM schema_migrations WHERE name = '099_bad.sql'")"

# A syntax error on the third line of a statement.
cp "$srcdir"/sql/0*.sql "$tmp/syntax/"
printf 'SELECT 1;\nSELECT x\n  FROM\n  WHERE true;\n' >"$tmp/syntax/099_syntax.sql"
err=$("$sd" db migrate --dir "$tmp/syntax" 2>&1 >/dev/null)
t_check "a syntax error is placed on its own line" grep -q '099_syntax.sql:4: syntax error at or near "WHERE"' <<<"$err"

# A migration that would commit half of itself.
cp "$srcdir"/sql/0*.sql "$tmp/commit/"
printf 'CREATE TABLE half_one (x int);\ncommit;\nCREATE TABLE half_two (x int);\n' >"$tmp/commit/099_commit.sql"
err=$("$sd" db migrate --dir "$tmp/commit" 2>&1 >/dev/null); rc=$?
t_eq "a migration with COMMIT exits 1" 1 "$rc"
t_check "COMMIT is named with its line" grep -q '099_commit.sql:2: COMMIT is not allowed in a migration' <<<"$err"
t_eq "nothing of it remains" "" "$("${psql[@]}" -c "SELECT to_regclass('half_one')")"

# An applied migration edited afterwards.
cp "$srcdir"/sql/0*.sql "$tmp/edited/"
echo '-- edited' >>"$tmp/edited/003_views.sql"
err=$("$sd" db migrate --dir "$tmp/edited" 2>&1 >/dev/null); rc=$?
t_eq "an edited migration is refused" 1 "$rc"
t_check "and named" grep -q '003_views.sql was changed after it was applied' <<<"$err"
out=$("$sd" db migrate 2>&1); rc=$?
t_eq "the compiled-in migrations are all applied already" "0 migrations: 0 applied now, $nmig already applied (nothing to do)" "$rc $out"

# A client whose environment asks for another DateStyle and time zone (IST reads back as
# Israel time from a non-ISO DateStyle): a fresh database still migrates, and the partitions
# made are the UTC months.
"$SD_TEST_PGBIN/createdb" solardash_tz 2>/dev/null
out=$(PGDATABASE=solardash_tz PGTZ=Asia/Kolkata PGDATESTYLE='SQL, DMY' "$sd" db migrate 2>&1); rc=$?
t_eq "migrate under PGTZ=Asia/Kolkata PGDATESTYLE='SQL, DMY' exits 0" 0 "$rc"
t_check "and applies every migration" grep -q "migrations: $nmig applied now, 0 already applied" <<<"$out"
t_eq "this month's panels partition starts at a UTC month start" \
	"$(date -u +%Y-%m-01) 00:00:00+00" \
	"$("${psql[@]}" -d solardash_tz -c "SELECT range_from FROM get_partition_statistics() WHERE partition = 'panels_p$(date -u +%Y_%m)'")"
"$SD_TEST_PGBIN/dropdb" solardash_tz 2>/dev/null

# Demo with a catalogue that has bad rows.
cat >"$tmp/mini.csv" <<'CSV'
Name,Manufacturer,Technology,Bifacial,STC,PTC,A_c,Length,Width,N_s,I_sc_ref,V_oc_ref,I_mp_ref,V_mp_ref,alpha_sc,beta_oc,T_NOCT,a_ref,I_L_ref,I_o_ref,R_s,R_sh_ref,Adjust,gamma_r,BIPV,Version,Date
Units,,,,,,m2,m,m,,A,V,A,V,A/K,V/K,C,V,A,A,Ohm,Ohm,%,%/K,,,
[0],lib_manufacturer,cec_material,lib_is_bifacial,,,cec_area,,,cec_n_s,cec_i_sc_ref,cec_v_oc_ref,cec_i_mp_ref,cec_v_mp_ref,cec_alpha_sc,cec_beta_oc,cec_t_noct,cec_a_ref,cec_i_l_ref,cec_i_o_ref,cec_r_s,cec_r_sh_ref,cec_adjust,cec_gamma_r,,,
Test One 300,Test,Mono-c-Si,0,300.1,270,1.63,1.64,0.99,60,9.7,39.8,9.2,32.6,0.004,-0.12,45,1.6,9.7,2e-10,0.3,1000,10,-0.4,N,SAM,12/1/2021
Test Two,Test,Mono-c-Si,0,310
Test Three,Test,Mono-c-Si,0,-5,270,1.63,1.64,0.99,60,9.7,39.8,9.2,32.6,0.004,-0.12,45,1.6,9.7,2e-10,0.3,1000,10,-0.4,N,SAM,12/1/2021
Test Four 305,Test,Multi-c-Si,1,305.5,270,1.63,1.64,0.99,sixty,9.7,39.8,9.2,32.6,0.004,-0.12,45,1.6,9.7,2e-10,0.3,1000,10,-0.4,N,SAM,12/1/2021
Test Five 320,Test,Multi-c-Si,1,320.5,270,1.63,1.64,0.99,60,9.7,40.8,9.8,32.6,0.004,-0.12,45,1.6,9.7,2e-10,0.3,1000,10,-0.4,N,SAM,12/1/2021
CSV
"$sd" db demo --catalog "$tmp/mini.csv" --scale 0.01 >"$tmp/out" 2>"$tmp/err"; rc=$?
t_eq "demo from a catalogue with bad rows exits 0" 0 "$rc"
t_check "bad rows are reported as file:line" grep -q "mini.csv:5: skipped: wrong number of columns" "$tmp/err"
t_check "a negative STC is reported" grep -q "mini.csv:6: skipped: STC" "$tmp/err"
t_check "a non-number N_s is reported" grep -q "mini.csv:7: skipped: N_s" "$tmp/err"
t_check "the good rows are counted" grep -q "2 models, 3 bad rows skipped" "$tmp/out"
t_eq "and loaded" 2 "$("${psql[@]}" -c 'SELECT count(*) FROM module_catalog')"
t_eq "500 panels at scale 0.01" 500 "$("${psql[@]}" -c 'SELECT count(*) FROM panels')"
t_check "the demo users are printed with their PIN" grep -q "PIN 1234" "$tmp/out"
t_check "the views are refreshed" grep -q "mv_mo_progress .* refreshed" "$tmp/out"

err=$("$sd" db demo --catalog builtin 2>&1 >/dev/null); rc=$?
t_eq "a second demo load is refused" 1 "$rc"
t_check "clearly" grep -q "already holds a factory (500 panels, 9 stations); .solardash db demo --reset. replaces it" <<<"$err"
out=$("$sd" db demo --reset --catalog builtin --scale 0.01 2>&1); rc=$?
t_eq "--reset replaces it" 0 "$rc"
t_check "the built-in catalogue says so" grep -q "using the built-in catalogue of 6 made-up models" <<<"$out"
t_eq "with made-up models only" 6 "$("${psql[@]}" -c "SELECT count(*) FROM module_catalog WHERE manufacturer = 'Solardash Demo'")"
err=$("$sd" db demo --reset --catalog "$tmp/none.csv" 2>&1); rc=$?
t_eq "a missing catalogue file fails" 1 "$rc"
t_check "naming it" grep -q "none.csv: No such file or directory" <<<"$err"
t_eq "and leaves the factory as it was" 500 "$("${psql[@]}" -c 'SELECT count(*) FROM panels')"
"$sd" db demo --scale 0 >/dev/null 2>&1; t_eq "--scale 0 is a usage error" 2 "$?"
err=$("$sd" db demo --reset --catalog "$tmp" 2>&1); rc=$?
t_eq "a directory as catalogue fails" 1 "$rc"
t_check "and says it is a directory" grep -q "is a directory, not a CSV file" <<<"$err"
{ printf '\xef\xbb\xbf'; cat "$tmp/mini.csv"; } >"$tmp/bom.csv"
out=$("$sd" db demo --reset --catalog "$tmp/bom.csv" --scale 0.01 2>&1); rc=$?
t_eq "a catalogue saved with a byte order mark loads" 0 "$rc"
t_check "with its good rows" grep -q "bom.csv: 2 models" <<<"$out"
"$sd" db --help >/dev/null 2>&1; t_eq "db --help exits 0" 0 "$?"
"$sd" db frobnicate >/dev/null 2>&1; t_eq "an unknown db subcommand is a usage error" 2 "$?"

# The default scale: well under a minute, panels in progress at every station, activity up to
# now (the last hour, so the check holds just after midnight too).
start=$(date +%s)
"$sd" db demo --reset >"$tmp/out" 2>&1; rc=$?
took=$(( $(date +%s) - start ))
t_eq "the default-scale demo loads" 0 "$rc"
echo "# default-scale demo load took ${took} s (figures are kept in docs/database.md, not asserted)"
t_eq "about 50,000 panels" 50000 "$("${psql[@]}" -c 'SELECT count(*) FROM panels')"
t_eq "panels in progress at every one of the 9 stations" 9 \
	"$("${psql[@]}" -c "SELECT count(DISTINCT current_station_id) FROM panels WHERE status = 'in_progress'")"
t_check "panels made in the last hour" test "$("${psql[@]}" -c "SELECT count(*) FROM panels WHERE created_at >= now() - interval '1 hour'")" -gt 0
t_check "inspections done in the last hour" test "$("${psql[@]}" -c "SELECT count(*) FROM inspections WHERE inspection_date >= now() - interval '1 hour'")" -gt 0
t_eq "nothing landed in a DEFAULT partition" 0 \
	"$("${psql[@]}" -c "SELECT sum(row_count) FROM get_partition_statistics() WHERE is_default")"

# Scheduling: without pg_cron in this database it explains cron/systemd.
out=$("$sd" db schedule 2>&1); rc=$?
t_eq "schedule without pg_cron exits 0" 0 "$rc"
t_check "and says how to schedule solardash refresh" grep -q '\*/15 \* \* \* \*  solardash  solardash refresh' <<<"$out"
if [ -f "$("$SD_TEST_PGBIN/pg_config" --pkglibdir 2>/dev/null || echo /usr/lib/postgresql/15/lib)/pg_cron.so" ]; then
	"$SD_TEST_PGBIN/createdb" solardash_cron 2>/dev/null
	PGDATABASE=solardash_cron "$sd" db migrate >/dev/null
	out=$(PGDATABASE=solardash_cron "$sd" db schedule 2>&1); rc=$?
	t_eq "schedule with pg_cron exits 0" 0 "$rc"
	t_check "and schedules the refresh" grep -q 'pg_cron job solardash-refresh' <<<"$out"
	PGDATABASE=solardash_cron "$sd" db schedule >/dev/null 2>&1
	t_eq "two jobs, also after scheduling twice" \
		"*/15 * * * *|SELECT refresh_all_materialized_views('pg_cron');17 3 * * *|SELECT create_monthly_partitions()" \
		"$("${psql[@]}" -d solardash_cron -c "SELECT string_agg(schedule || '|' || command, ';' ORDER BY jobname DESC) FROM cron.job")"
fi

err=$(SOLARDASH_ADMIN_CONNINFO="host=$tmp/nowhere connect_timeout=2" "$sd" db migrate 2>&1); rc=$?
t_eq "an unreachable server exits 1" 1 "$rc"
t_check "and is named" grep -q "db migrate: cannot connect to PostgreSQL (SOLARDASH_ADMIN_CONNINFO): .*nowhere" <<<"$err"
t_done
