# Shared by scripts/demo and scripts/test: install what is missing (Debian), then build.
# shellcheck shell=bash

SD_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SD_BUILD_PACKAGES="gcc make pkg-config autoconf automake libtool autoconf-archive
	libncurses-dev libpq-dev libhiredis-dev libconfig-dev libcunit1-dev"
SD_SERVER_PACKAGES="postgresql-15 redis-server postgresql-15-cron"
SD_TEST_PACKAGES="postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl tmux"

sd_say() { printf '==> %s\n' "$*"; }
sd_die() { printf 'solardash: %s\n' "$*" >&2; exit 1; }

# sd_ensure_packages PKG...: installs the ones that are not installed yet, and says which.
sd_ensure_packages() {
	local missing=() p
	command -v dpkg-query >/dev/null || {
		sd_say "not a Debian system: not installing packages; configure will name what is missing"
		return 0
	}
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	local sudo=
	if [ "$(id -u)" != 0 ]; then
		command -v sudo >/dev/null ||
			sd_die "missing Debian packages: ${missing[*]} (as root: apt-get install ${missing[*]})"
		sudo=sudo
	fi
	sd_say "installing ${missing[*]}"
	{ $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
		>"$SD_TOP/.apt.log" 2>&1 ||
		{ tail -n 5 "$SD_TOP/.apt.log" >&2; sd_die "apt-get install ${missing[*]} failed (log: .apt.log)"; }
}

# sd_build [CONFIGURE-FLAG]...: autoreconf and configure when needed, then make. Quiet on
# success; on failure, the line that says what is wrong.
sd_build() {
	local log="$SD_TOP/.build.log"
	cd "$SD_TOP" || sd_die "cannot enter $SD_TOP"
	if [ ! -x configure ]; then
		sd_say "autoreconf"
		autoreconf -fi >"$log" 2>&1 || { tail -n 20 "$log" >&2; sd_die "autoreconf failed (log: .build.log)"; }
	fi
	# Configured with other flags (a sanitizer build, say): start the configuration over.
	if [ -f Makefile ] && [ "$(cat .build-flags 2>/dev/null)" != "$*" ]; then
		make distclean >/dev/null 2>&1 || rm -f Makefile
	fi
	if [ ! -f Makefile ]; then
		sd_say "configure $*"
		./configure "$@" >"$log" 2>&1 || {
			grep -E '^configure: error:' "$log" | tail -n 1 | sed 's/^configure: error: //' >&2
			sd_die "configure failed (log: .build.log)"
		}
		printf '%s' "$*" >.build-flags
	fi
	sd_say "make"
	make -j"$(nproc 2>/dev/null || echo 2)" >"$log" 2>&1 ||
		{ grep -E 'error|Error' "$log" | head -n 20 >&2; sd_die "build failed (log: .build.log)"; }
}
