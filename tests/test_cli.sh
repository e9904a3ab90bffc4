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
err=$("$sd" frobnicate 2>&1 >/dev/null); rc=$?
t_eq "unknown command exits 2" 2 "$rc"
t_check "unknown command is named" grep -q "unknown command 'frobnicate'" <<<"$err"
t_done
