# scripts/common.sh -- shared by the project's scripts (sourced, not run).
set -euo pipefail

SB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SB_CACHE=${SMARTBANK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smartbank}
SB_VENV=${SMARTBANK_VENV:-$SB_ROOT/.venv}

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Run as root, or through sudo when there is one.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"
	elif command -v sudo >/dev/null; then sudo "$@"
	else die "need root to run: $*"; fi
}

# Number of build jobs: the cores, at most 4.
jobs() { local n; n=$(nproc 2>/dev/null || echo 2); [ "$n" -gt 4 ] && n=4; echo "$n"; }

# Configure (once) and build in an out-of-tree directory: build/ for the
# normal build, build-sanitizers/ for ASan and UBSan.
#   configure_in DIR [configure options...]
configure_in() {
	local dir=$1
	shift
	(cd "$SB_ROOT" && { [ -x configure ] && [ configure -nt configure.ac ] &&
		[ Makefile.in -nt Makefile.am ]; } || autoreconf -fi >/dev/null 2>&1) ||
		die "autoreconf failed"
	mkdir -p "$dir"
	# Every caller configures alike (the tests' Python included), so that
	# one that only needs config.h does not change another's build.
	if [ ! -f "$dir/Makefile" ] || [ "$SB_ROOT/configure" -nt "$dir/Makefile" ]; then
		(cd "$dir" && "$SB_ROOT/configure" -q PYTHON="$SB_VENV/bin/python" "$@") ||
			die "configure failed"
	fi
}
