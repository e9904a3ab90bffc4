#!/usr/bin/env bash
# The admin commands, the checks and --once against this test's database and the harness's
# Redis: output and exit code of each, text sanitised, and Redis or PostgreSQL missing.
. "$srcdir/tests/lib.sh"
sd="$top_builddir/solardash"
conf="$SD_TEST_DIR/$SD_TEST_NAME.conf"
cat >"$conf" <<CONF
redis = { socket = "$SD_TEST_REDIS_SOCKET"; prefix = "$SD_TEST_PREFIX"; };
CONF
export SOLARDASH_CONF="$conf"
esc=$(printf '\033')

"$sd" db migrate >/dev/null && "$sd" db demo --scale 0.02 >/dev/null || { t_fail "schema and demo"; t_done; exit 1; }
psql -qAt -c "UPDATE stations SET name = E'Evil\\x1b[2J' WHERE id = 9" >/dev/null
psql -qAt -c "UPDATE stations SET name = '太阳能 EL' WHERE id = 8" >/dev/null

# ---- refresh ----
out=$("$sd" refresh); rc=$?
t_eq "refresh exits 0" 0 "$rc"
t_eq "refresh lists the five views, all successful" 5 "$(grep -cE '^mv_[a-z_]+ +t ' <<<"$out")"
out=$("$sd" --format csv refresh mv_mo_progress); rc=$?
t_eq "refresh VIEW exits 0" 0 "$rc"
t_check "refresh VIEW --format csv has the header" grep -q '^view_name,success,duration_ms,row_count,generation,message$' <<<"$out"
err=$("$sd" refresh mv_nope 2>&1 >/dev/null); rc=$?
t_eq "refresh of an unknown view exits 2" 2 "$rc"
t_check "the unknown view is named" grep -q "unknown view 'mv_nope'" <<<"$err"

# ---- partitions ----
out=$("$sd" partitions create); rc=$?
t_eq "partitions create exits 0" 0 "$rc"
out=$("$sd" partitions archive --dry-run); rc=$?
t_eq "partitions archive --dry-run exits 0" 0 "$rc"
t_check "the dry run says what it would do" grep -q 'would move' <<<"$out"
out=$("$sd" partitions stats); rc=$?
t_eq "partitions stats exits 0" 0 "$rc"
t_check "partitions stats lists the panels partitions" grep -qE '^panels +panels_p[0-9]{4}_[0-9]{2} ' <<<"$out"
"$sd" partitions shred >/dev/null 2>&1; t_eq "partitions with an unknown action exits 2" 2 "$?"

# ---- cache ----
"$sd" cache invalidate 'v1:*' >/dev/null
out=$("$sd" cache warm --role manager); rc=$?
t_eq "cache warm exits 0" "0" "$rc"
t_eq "cache warm loads the manager profile" "cache warm: role manager: 4 values loaded, 0 already cached" "$out"
t_eq "a second warm finds it all cached" "cache warm: role manager: 0 values loaded, 4 already cached" "$("$sd" cache warm --role manager)"
"$sd" cache warm --role boss >/dev/null 2>&1; t_eq "cache warm --role boss exits 2" 2 "$?"
"$sd" cache warm --role operator --station x >/dev/null 2>&1; t_eq "cache warm --station x exits 2" 2 "$?"
t_eq "cache warm --role operator --station 3" "cache warm: role operator: 3 values loaded, 0 already cached" "$("$sd" cache warm --role operator --station 3)"
# Without a station: every station of the line (station 3's values are there already).
nst=$(psql -qAt -c "SELECT count(*) FROM stations")
t_eq "cache warm --role operator warms every station" \
	"cache warm: role operator: $(( 3 * nst - 3 )) values loaded, 3 already cached ($nst stations)" \
	"$("$sd" cache warm --role operator)"
out=$("$sd" cache stats --flush 2>&1); rc=$?
t_eq "cache stats --flush exits 0" 0 "$rc"
t_check "cache stats shows reachable" grep -qE '^reachable +yes$' <<<"$out"
t_check "cache stats --flush wrote rows" grep -qE 'cache stats: [1-9][0-9]* rows? written' <<<"$out"
# manager 4, operator at station 3: 3, every station: the rest and the station list
t_eq "the flushed rows are in the table" $(( 4 + 3 * nst + 1 )) "$(psql -qAt -c 'SELECT sum(warm_loads) FROM cache_performance_metrics')"
out=$("$sd" cache invalidate 'v1:*'); rc=$?
t_eq "cache invalidate exits 0" 0 "$rc"
t_check "cache invalidate counts the keys" grep -qE '^cache invalidate: [0-9]+ keys? deleted$' <<<"$out"
"$sd" cache invalidate >/dev/null 2>&1; t_eq "cache invalidate without PATTERN exits 2" 2 "$?"

# ---- check ----
out=$("$sd" check db); rc=$?
t_eq "check db exits 0" 0 "$rc"
t_check "check db prints one status line" grep -qE '^SOLARDASH DB OK - PostgreSQL 15\.[0-9]+.* \| time=[0-9.]+s$' <<<"$out"
out=$("$sd" check views); t_eq "check views exits 0 after a refresh" 0 "$?"
t_check "check views names the oldest" grep -qE '^SOLARDASH VIEWS OK - 5 views, oldest mv_[a-z_]+ refreshed [0-9]+ s ago \| ' <<<"$out"
out=$("$sd" check partitions); t_eq "check partitions exits 0" 0 "$?"
t_check "check partitions gives the runway" grep -qE '^SOLARDASH PARTITIONS OK - runway [0-9]+ months' <<<"$out"
# A malformed conninfo: libpq's message quotes it, but the password never reaches the output.
printf 'database = { conninfo = "postgresql://u:Zq9secret@[::1"; };\n' >"$SD_TEST_DIR/badpw.conf"
chmod 600 "$SD_TEST_DIR/badpw.conf"
out=$("$sd" -c "$SD_TEST_DIR/badpw.conf" check db 2>&1); rc=$?
t_eq "check db with a malformed conninfo is CRITICAL" 2 "$rc"
t_check "the message quotes the conninfo" grep -q 'postgresql://u:\*\*\*@' <<<"$out"
t_eq "the password is masked" 0 "$(grep -c Zq9secret <<<"$out")"
# Behind a held lock (archive moving a partition) check answers within its read deadline
# instead of the admin connection's 10 minutes.
psql -qAt -c "BEGIN; LOCK TABLE inspections IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(60)" >/dev/null 2>&1 &
locker=$!
for _ in $(seq 50); do
	[ "$(psql -qAt -c "SELECT count(*) FROM pg_locks WHERE relation = 'inspections'::regclass AND mode = 'AccessExclusiveLock' AND granted")" = 1 ] && break
	sleep 0.1
done
out=$(timeout 30 "$sd" check partitions); rc=$?
t_check "check behind a held lock ends with a status, not killed (rc $rc)" test "$rc" -ge 1 -a "$rc" -le 3
t_check "and says the statement timed out" grep -q 'statement timeout' <<<"$out"
kill "$locker" 2>/dev/null; wait "$locker" 2>/dev/null
psql -qAt -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()" >/dev/null
out=$("$sd" check cache); t_eq "check cache exits 0" 0 "$?"
out=$("$sd" check); rc=$?
t_eq "check (all) exits 0" 0 "$rc"
t_check "check (all) sums up first" grep -qE '^SOLARDASH OK - db OK, cache OK, views OK, partitions OK \|' <<<"$(head -n1 <<<"$out")"
out=$("$sd" check views --json); rc=$?
t_check "check --json is one object" grep -qE '^\{"check":"views","status":"OK","code":0,"message":"[^"]+","perfdata":"[^"]*"\}$' <<<"$out"
printf 'thresholds = { refresh_age_warn_s = 1; refresh_age_crit_s = 100000; };\nredis = { socket = "%s"; prefix = "%s"; };\n' \
	"$SD_TEST_REDIS_SOCKET" "$SD_TEST_PREFIX" >"$conf.warn"
sleep 1.1
out=$("$sd" -c "$conf.warn" check views); rc=$?
t_eq "views older than the warning threshold: exit 1" 1 "$rc"
t_check "... and WARNING" grep -q '^SOLARDASH VIEWS WARNING - ' <<<"$out"
sed -i 's/refresh_age_crit_s = 100000/refresh_age_crit_s = 1/' "$conf.warn"
"$sd" -c "$conf.warn" check views >/dev/null; t_eq "older than critical: exit 2" 2 "$?"
out=$(REDIS_URL=unix:///nonexistent/redis.sock "$sd" check cache); rc=$?
t_eq "Redis unreachable: check cache exits 2" 2 "$rc"
t_check "... and says so" grep -q '^SOLARDASH CACHE CRITICAL - Redis unreachable at /nonexistent/redis.sock' <<<"$out"
t_check "... and why" grep -qF 'redis.sock (No such file or directory)' <<<"$out"
# A Redis that refuses the password is up: the check, cache stats and --once cache say what it said.
printf 'redis = { socket = "%s"; prefix = "%s"; password = "wrong"; };\n' "$SD_TEST_REDIS_SOCKET" \
	"$SD_TEST_PREFIX" >"$conf.pw"
chmod 600 "$conf.pw"
out=$("$sd" -c "$conf.pw" check cache); rc=$?
t_eq "Redis refuses AUTH: check cache exits 2" 2 "$rc"
t_check "... naming the refused AUTH" grep -qE '^SOLARDASH CACHE CRITICAL - Redis unreachable at .*redis.sock \(redis: AUTH: ' <<<"$out"
out=$("$sd" -c "$conf.pw" --once cache)
t_check "--once cache shows the reason" grep -qE '^error +redis: AUTH: ' <<<"$out"
out=$(PGPORT=1 "$sd" check db); rc=$?
t_eq "PostgreSQL unreachable: check db exits 2" 2 "$rc"
echo 'redis = { port = ; };' >"$conf.bad"
out=$("$sd" -c "$conf.bad" check); rc=$?
t_eq "a broken config: check exits 3" 3 "$rc"
t_eq "... UNKNOWN naming file and line" "SOLARDASH UNKNOWN - $conf.bad:1: syntax error" "$out"
"$sd" check sideways >/dev/null 2>&1; t_eq "an unknown check exits 3" 3 "$?"

# ---- --once ----
out=$("$sd" --once orders); rc=$?
t_eq "--once orders exits 0" 0 "$rc"
t_eq "--once orders prints its four tables" 4 "$(grep -c '^== ' <<<"$out")"
t_check "--once says where the data came from" grep -qE '^== Orders in progress \((database|cache), computed ' <<<"$out"
t_eq "no escape character reaches the output" 0 "$(grep -c "$esc" <<<"$out")"
t_check "the escape is shown as a visible placeholder" grep -q 'Evil␛\[2J' <<<"$out"
if command -v python3 >/dev/null; then
	# Wide characters take two columns: every row of the station table (right-aligned last
	# column) ends in the same terminal column as its header.
	t_check "--once table: a wide-character station name keeps the columns aligned" python3 -c '
import sys, unicodedata
lines = sys.stdin.read().split("== Station performance")[1].split("\n\n")[0].splitlines()[1:]
w = {sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l) for l in lines}
assert len(lines) == 10 and len(w) == 1, (len(lines), w)' <<<"$out"
fi
out=$("$sd" --once orders); t_check "the second read comes from the cache" grep -q '^== Orders in progress (cache, ' <<<"$out"
"$sd" --once queue >/dev/null 2>&1; t_eq "--once queue without --station exits 2" 2 "$?"
out=$("$sd" --once queue --station 3 --format csv); rc=$?
t_eq "--once queue --station 3 --format csv exits 0" 0 "$rc"
t_check "CSV: a comment line per query, then its header" grep -q '^# station_queue: source=' <<<"$out"
t_check "CSV header of the queue" grep -q '^barcode,model,status,order_number,arrived_at,waiting_min$' <<<"$out"
out=$("$sd" --once quality --format json); rc=$?
t_eq "--once quality --format json exits 0" 0 "$rc"
t_check "JSON: one object naming the screen" grep -q '^{"screen":"quality","tables":\[{"query":"headline",' <<<"$out"
if command -v python3 >/dev/null; then
	t_check "JSON parses" python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d["tables"]) == 4' <<<"$out"
fi
# Progress on the boards is against the order's quantity, not the view's completed / made.
if command -v python3 >/dev/null; then
	out=$("$sd" --once orders --format json)
	want=$(psql -qAt -c "SELECT order_number || '=' || round(100.0 * completed_panels / quantity, 1)
		FROM mv_mo_progress WHERE status = 'in_progress' ORDER BY 1")
	got=$(python3 -c 'import json,sys
t = json.load(sys.stdin)["tables"][0]
c = [x["name"] for x in t["columns"]]; o, p = c.index("order_number"), c.index("plan_percentage")
print("\n".join(sorted("%s=%s" % (r[o], r[p]) for r in t["rows"])))' <<<"$out")
	t_eq "orders: plan_percentage is completed / quantity" "$want" "$got"
	want=$(psql -qAt -c "SELECT count(*) FROM mv_mo_progress
		WHERE 100.0 * completed_panels / quantity < 50 AND status IN ('planned', 'in_progress')")
	out=$("$sd" --once quality --format json)
	got=$(python3 -c 'import json,sys
t = [t for t in json.load(sys.stdin)["tables"] if t["query"] == "orders_under_half"][0]
print(len(t["rows"]))' <<<"$out")
	t_eq "quality: orders under 50 % of their quantity" "$want" "$got"
fi
# A reader that closed its end (| head): quiet, like a SIGPIPE would be. The pipe's read end
# is closed before solardash starts, so the write fails every time.
if command -v python3 >/dev/null; then
	out=$(python3 -c 'import os, subprocess, sys
r, w = os.pipe(); os.close(r)
p = subprocess.run(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)
print(p.returncode, repr(p.stderr.decode()))' "$sd" --once orders)
	t_eq "--once into a closed pipe: exit 0, nothing on stderr" "0 ''" "$out"
fi
# stdout closed (>&-): the output must not go into the socket that took fd 1.
err=$("$sd" --once orders 2>&1 >&-); rc=$?
t_eq "--once with stdout closed: exit 1" 1 "$rc"
t_eq "... saying so" "solardash: standard output is closed: nowhere to print" "$err"
err=$("$sd" cache stats 2>&1 >&-); rc=$?
t_eq "cache stats with stdout closed: exit 1" 1 "$rc"
for s in views partitions cache; do
	"$sd" --once "$s" >/dev/null; t_eq "--once $s exits 0" 0 "$?"
done
out=$(REDIS_URL=unix:///nonexistent/redis.sock "$sd" --once orders); rc=$?
t_eq "Redis down: --once still answers" 0 "$rc"
t_check "... from the database, saying no cache" grep -q '^== Orders in progress (no cache, ' <<<"$out"
printf 'redis = { socket = "%s"; prefix = "%s:empty"; };\n' "$SD_TEST_REDIS_SOCKET" "$SD_TEST_PREFIX" >"$conf.empty"
err=$(PGPORT=1 "$sd" -c "$conf.empty" --once quality 2>&1 >/dev/null); rc=$?
t_eq "nothing cached and PostgreSQL down: exit 1" 1 "$rc"
t_check "... with a clear message" grep -q 'no data: the database is unreachable, and nothing cached' <<<"$err"
# The dashboards' queries work for a login that has only the reader role.
psql -qAt -c "DO \$\$ BEGIN CREATE ROLE sd_cmd_reader LOGIN IN ROLE solardash_reader;
	EXCEPTION WHEN duplicate_object THEN NULL; END \$\$" >/dev/null 2>&1
for s in orders quality views partitions; do
	PGUSER=sd_cmd_reader "$sd" -c "$conf.empty" --once "$s" >/dev/null
	t_eq "--once $s as the reader role" 0 "$?"
done
PGUSER=sd_cmd_reader "$sd" -c "$conf.empty" --once queue --station 3 >/dev/null
t_eq "--once queue as the reader role" 0 "$?"
err=$(PGUSER=sd_cmd_reader "$sd" -c "$conf.empty" refresh 2>&1 >/dev/null); rc=$?
t_eq "refresh as the reader role is refused by the database" 1 "$rc"
t_check "... saying so" grep -q 'refresh_all: permission denied' <<<"$err"

# ---- the admin connection ----
# Dashboard reads use database.conninfo, the admin commands database.admin_conninfo: each
# configuration below points one of them at no server at all.
printf 'database = { conninfo = "user=sd_cmd_reader"; admin_conninfo = "host=/nonexistent"; };\nredis = { socket = "%s"; prefix = "%s:adm1"; };\n' \
	"$SD_TEST_REDIS_SOCKET" "$SD_TEST_PREFIX" >"$conf.adm1"
printf 'database = { conninfo = "host=/nonexistent"; admin_conninfo = "user=%s"; };\nredis = { socket = "%s"; prefix = "%s:adm2"; };\n' \
	"$PGUSER" "$SD_TEST_REDIS_SOCKET" "$SD_TEST_PREFIX" >"$conf.adm2"
"$sd" -c "$conf.adm1" --once orders >/dev/null; t_eq "--once orders reads through database.conninfo" 0 "$?"
err=$("$sd" -c "$conf.adm1" refresh 2>&1 >/dev/null); rc=$?
t_eq "refresh with an unreachable admin_conninfo exits 1" 1 "$rc"
t_check "... naming the admin server" grep -q 'nonexistent' <<<"$err"
"$sd" -c "$conf.adm1" partitions stats >/dev/null 2>&1; t_eq "partitions stats uses admin_conninfo" 1 "$?"
"$sd" -c "$conf.adm1" db migrate >/dev/null 2>&1; t_eq "db migrate uses admin_conninfo" 1 "$?"
"$sd" -c "$conf.adm1" check db >/dev/null; t_eq "check db uses admin_conninfo" 2 "$?"
"$sd" -c "$conf.adm2" refresh mv_mo_progress >/dev/null; t_eq "refresh works through admin_conninfo alone" 0 "$?"
"$sd" -c "$conf.adm2" partitions stats >/dev/null; t_eq "partitions stats works through admin_conninfo alone" 0 "$?"
"$sd" -c "$conf.adm2" db migrate >/dev/null; t_eq "db migrate works through admin_conninfo alone" 0 "$?"
"$sd" -c "$conf.adm2" check db >/dev/null; t_eq "check db works through admin_conninfo alone" 0 "$?"
"$sd" -c "$conf.adm2" --once orders >/dev/null 2>&1; t_eq "--once orders does not use admin_conninfo" 1 "$?"

# ---- a password in a file others can read: a warning on stderr, for every command ----
printf 'database = { admin_conninfo = "user=%s password=unused"; };\nredis = { socket = "%s"; prefix = "%s"; };\n' \
	"$PGUSER" "$SD_TEST_REDIS_SOCKET" "$SD_TEST_PREFIX" >"$conf.pw"
chmod 644 "$conf.pw"
for cmd in "check db" "db migrate" "partitions stats" "--once orders"; do
	err=$("$sd" -c "$conf.pw" $cmd 2>&1 >"$SD_TEST_DIR/pw.out"); rc=$?
	t_check "$cmd: a readable password warns" grep -q "^solardash: warning: $conf.pw: holds a password but is readable by others" <<<"$err"
	t_eq "$cmd: ... and still works" 0 "$rc"
done
out=$("$sd" -c "$conf.pw" check db 2>/dev/null)
t_check "check db: stdout is still the one status line" grep -q '^SOLARDASH DB OK - ' <<<"$out"
t_eq "... and nothing else" 1 "$(grep -c . <<<"$out")"
chmod 600 "$conf.pw"
err=$("$sd" -c "$conf.pw" check db 2>&1 >/dev/null)
t_eq "chmod 600: no warning" "" "$err"

# ---- a refresh already running: exit 1 at once ----
psql -q -X -c "BEGIN" -c "SELECT pg_advisory_xact_lock(2026, 1)" -c "SELECT pg_sleep(4)" >/dev/null 2>&1 &
holder=$!
for _ in $(seq 50); do
	[ "$(psql -qAt -X -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = 2026 AND objid = 1")" = 1 ] && break
	sleep 0.1
done
start=$(date +%s%N)
err=$("$sd" refresh 2>&1 >/dev/null); rc=$?
took=$(( ($(date +%s%N) - start) / 1000000 ))
t_eq "refresh while another one runs exits 1" 1 "$rc"
t_check "... saying a refresh is already running" grep -q 'already running' <<<"$err"
t_check "... at once, not after the other one (${took} ms)" test "$took" -lt 3000
wait "$holder"
t_done
