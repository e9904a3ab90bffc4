#!/usr/bin/env bash
# The command line: --version prints the configure version, --help is GNU style, bad options exit 2.
. "$srcdir/tests/lib.sh"
sd="$top_builddir/solardash"

t_eq "--version prints the configure version" "solardash $SD_EXPECTED_VERSION" "$("$sd" --version)"
t_eq "-V is --version" "solardash $SD_EXPECTED_VERSION" "$("$sd" -V)"
out=$("$sd" --help); rc=$?
t_eq "--help exits 0" 0 "$rc"
t_check "--help starts with Usage:" grep -q '^Usage: solardash \[OPTION\]' <<<"$out"
t_check "--help lists --version" grep -q -- '--version' <<<"$out"
err=$("$sd" --no-such-option 2>&1 >/dev/null); rc=$?
t_eq "unknown option exits 2" 2 "$rc"
t_check "unknown option is named" grep -q "unknown option '--no-such-option'" <<<"$err"
err=$("$sd" -n many 2>&1 >/dev/null); rc=$?
t_eq "-n with a non-number exits 2" 2 "$rc"
t_check "-n error names the value" grep -q "'many'" <<<"$err"
err=$("$sd" --format xml 2>&1 >/dev/null); rc=$?
t_eq "--format xml exits 2" 2 "$rc"
# --station is checked where it is given, for the dashboard too (it used to become station 0
# there, "no station: set terminal.station_id or --station"), and for cache warm.
for bad in abc 3abc ' 3' 0 -5 99999999999; do
	err=$("$sd" --station "$bad" 2>&1 >/dev/null </dev/null); rc=$?
	t_eq "--station '$bad' exits 2" 2 "$rc"
	t_check "--station '$bad' is named" grep -qF -- "--station wants a station number (1..2147483647), not '$bad'" <<<"$err"
done
err=$("$sd" -c /dev/null cache warm --role operator --station 3abc 2>&1 >/dev/null); rc=$?
t_eq "cache warm --station 3abc exits 2" 2 "$rc"
t_check "cache warm names the bad station" grep -qF "not '3abc'" <<<"$err"
err=$("$sd" frobnicate 2>&1 >/dev/null); rc=$?
t_eq "unknown command exits 2" 2 "$rc"
t_check "unknown command is named" grep -q "unknown command 'frobnicate'" <<<"$err"
# Arguments and file names quoted in messages go through the sanitiser: no raw ESC on stderr.
err=$("$sd" $'frob\e[2Jnicate' 2>&1 >/dev/null)
t_check "an escape in an unknown command is shown as a control picture" grep -q "unknown command 'frob␛\[2Jnicate'" <<<"$err"
err=$("$sd" -c $'/nonexistent/\e]0;owned\a.conf' --once orders 2>&1 >/dev/null); rc=$?
t_eq "a missing -c file exits 1" 1 "$rc"
t_eq "... named with its escapes made visible" "solardash: /nonexistent/␛]0;owned␇.conf: No such file or directory" "$err"
err=$("$sd" check $'x\e[31m' 2>&1 >/dev/null)
t_check "check: an escape in an unknown check name is made visible" grep -q "unknown check 'x␛\[31m'" <<<"$err"
t_done
