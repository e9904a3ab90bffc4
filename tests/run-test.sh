#!/usr/bin/env bash
# LOG_COMPILER of every test: gives the test a fresh database named after it on the harness's
# servers, and a private Redis key prefix. Without servers (make check run alone) it starts a
# private pair for this one test through with-servers.sh.
set -u
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${SD_TEST_DIR:-}" ]; then
	exec bash "$here/with-servers.sh" bash "$here/run-test.sh" "$@"
fi
test=$1; shift
name=${test##*/}
name=${name%.sh}
db=t_$(printf %s "$name" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9_' _)
"$SD_TEST_PGBIN/dropdb" --if-exists --force "$db" >/dev/null 2>&1
"$SD_TEST_PGBIN/createdb" "$db" || { echo "run-test: cannot create database $db" >&2; exit 99; }
export PGDATABASE="$db" SD_TEST_PREFIX="sdt:$name" SD_TEST_NAME="$name"
case $test in
*.sh) bash "$test" "$@" ;;
*) "$test" "$@" ;;
esac
rc=$?
"$SD_TEST_PGBIN/dropdb" --if-exists --force "$db" >/dev/null 2>&1
exit "$rc"
