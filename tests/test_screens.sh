#!/usr/bin/env bash
# Screen tests like tig's: the real program runs a script of keys and commands at a fixed
# size with no terminal (scripted mode), dumps its own screen, and the dump is compared with
# tests/screen/NAME.expected after masking the clock, dates and durations. The database is
# the small fixed factory of tests/screen/fixture.sql on the harness's servers.
#   SD_UPDATE_EXPECTED=1 rewrites the expected files from this run.
. "$srcdir/tests/lib.sh"
sd=$(cd "$top_builddir" && pwd)/solardash
here=$(cd "$srcdir/tests/screen" && pwd)
tmp=$(mktemp -d /tmp/sdscr.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

export NO_COLOR=1
. "$here/setup.sh"
sd_screen_setup

# Clock, dates, times and durations change from run to run; the layout does not.
mask() {
	sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}/YYYY-MM-DD/g' \
		-e 's/[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}/MM-DD hh:mm/g' \
		-e 's/[0-9]{2}:[0-9]{2}/hh:mm/g' \
		-e 's/ +[0-9]+(\.[0-9]+)? (ms|s)\b/ N \2/g' "$1"
}

# run NAME: tests/screen/NAME.script; "# size COLSxROWS", "# env VAR=value ..." and
# "# args OPTION..." (run in a folder holding tests/screen/*.theme) and "# conf SETTING"
# (added to the config) lines set the terminal and the options; every ":dump X" in it is compared with NAME.X.expected.
run() {
	local name=$1 script="$here/$1.script" size cols rows envs args out rc
	size=$(sed -n 's/^# size //p' "$script")
	args=$(sed -n 's/^# args //p' "$script")
	cols=${size%x*} rows=${size#*x}
	envs=$(sed -n 's/^# env //p' "$script")
	mkdir -p "$tmp/$name"
	cp "$here"/*.theme "$tmp/$name/"
	{ cat "$tmp/solardash.conf"; sed -n 's/^# conf //p' "$script"; } >"$tmp/$name/solardash.conf"
	out=$(cd "$tmp/$name" && env TERM=xterm-256color LC_ALL=C.UTF-8 LINES="$rows" \
		COLUMNS="$cols" $envs "$sd" -c "$tmp/$name/solardash.conf" $args --script "$script" 2>&1)
	rc=$?
	t_eq "$name: scripted run exits 0" 0 "$rc"
	[ -n "$out" ] && echo "$out"
	for dump in $(sed -n 's/^:dump //p' "$script"); do
		local exp="$here/$name.$dump.expected"
		if [ ! -f "$tmp/$name/$dump" ]; then
			t_fail "$name: $dump was not written"
			continue
		fi
		if [ -n "${SD_UPDATE_EXPECTED:-}" ]; then
			mask "$tmp/$name/$dump" >"$exp"
		fi
		if mask "$tmp/$name/$dump" | diff -u "$exp" - >"$tmp/diff"; then
			t_ok "$name: $dump matches"
		else
			cat "$tmp/diff"
			t_fail "$name: $dump differs from ${exp##*/}"
		fi
	done
}

for s in "$here"/*.script; do
	n=${s##*/}
	run "${n%.script}"
done
# Not a terminal: a message and exit 1, never a hang.
err=$(timeout 10 "$sd" -c "$tmp/solardash.conf" </dev/null 2>&1 >/dev/null); rc=$?
t_eq "stdin not a terminal: exit 1" 1 "$rc"
t_check "stdin not a terminal: says so" grep -q "needs a terminal" <<<"$err"
t_done
