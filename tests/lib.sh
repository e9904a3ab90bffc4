# Shell test helpers: `t_check NAME CMD...` runs one case; `t_done` prints the
# "<test>: N passed, N failed" line scripts/test adds up, and sets the exit code.
t_passed=0
t_failed=0
t_name=${0##*/}
t_name=${t_name%.sh}

t_ok()   { t_passed=$((t_passed + 1)); echo "PASS: $1"; }
t_fail() { t_failed=$((t_failed + 1)); echo "FAIL: $1${2:+ -- $2}"; }

# t_check NAME CMD...: the case passes when CMD exits 0.
t_check() {
	local name=$1; shift
	if "$@"; then t_ok "$name"; else t_fail "$name"; fi
}

# t_eq NAME EXPECTED ACTUAL
t_eq() {
	if [ "$2" = "$3" ]; then t_ok "$1"; else t_fail "$1" "expected [$2], got [$3]"; fi
}

t_done() {
	echo
	echo "$t_name: $t_passed passed, $t_failed failed"
	[ "$t_failed" -eq 0 ]
}
