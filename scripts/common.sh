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

# The go command that builds our Go tools (FerretDB, the audit checker):
# the machine's own when it is Go 1.24 or newer, else the toolchain pinned
# in tools/go-toolchain (go.sum verifies it), fetched from the Go module
# proxy with whatever go there is -- on a fresh Debian 12, its golang-go
# 1.19, installed here if need be.  Prints the path of the go binary.
SB_GO_TOOLCHAIN=v0.0.1-go1.27.3.linux-amd64
go_is_new_enough() { # go-binary
	local v
	v=$("$1" env GOVERSION 2>/dev/null) || return 1
	v=${v#go}
	local major=${v%%.*} rest=${v#*.}
	local minor=${rest%%[!0-9]*}
	[ "$major" -gt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -ge 24 ]; }
}
go_for_tools() {
	local sys dir info src
	if sys=$(command -v go) && go_is_new_enough "$sys"; then
		echo "$sys"
		return
	fi
	dir=$SB_CACHE/go-${SB_GO_TOOLCHAIN#v0.0.1-}
	if [ ! -x "$dir/bin/go" ]; then
		if ! sys=$(command -v go); then
			say "installing Debian's Go (to fetch a newer one)"
			as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				golang-go >/dev/null || die "cannot install golang-go"
			sys=$(command -v go) || die "no go command after installing golang-go"
		fi
		say "fetching Go ${SB_GO_TOOLCHAIN#v0.0.1-} from the Go module proxy (for FerretDB only)"
		info=$(cd "$SB_ROOT/tools/go-toolchain" && GOFLAGS=-mod=mod GOTOOLCHAIN=local \
			"$sys" mod download -json "golang.org/toolchain@$SB_GO_TOOLCHAIN") ||
			die "cannot download golang.org/toolchain@$SB_GO_TOOLCHAIN"
		src=$(sed -n 's/^\t"Dir": "\(.*\)",$/\1/p' <<<"$info")
		[ -d "$src" ] || die "no toolchain in the module download"
		rm -rf "$dir.tmp" && mkdir -p "$(dirname "$dir")"
		cp -R "$src" "$dir.tmp" && chmod -R u+w "$dir.tmp"
		# A module zip keeps no file modes: the programs need theirs back.
		chmod +x "$dir.tmp"/bin/* "$dir.tmp"/pkg/tool/*/*
		rm -rf "$dir" && mv "$dir.tmp" "$dir"
	fi
	go_is_new_enough "$dir/bin/go" || die "$dir/bin/go is not Go 1.24 or newer"
	echo "$dir/bin/go"
}
