#!/bin/sh
# tests/e2e/run-e2e.sh -- the end-to-end suite, run by `make check`.
# It needs Python with pytest, requests and pymongo (scripts/deps --test
# makes .venv), nginx, and the FerretDB and smartbank-auditcheck binaries
# (built and cached by scripts/ferretdb and scripts/auditcheck on first use).  A missing piece is a hard error (99),
# never a skip.
srcdir=${SMARTBANK_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
py=${PYTHON:-python3}
[ -x "$srcdir/.venv/bin/python" ] && [ "${PYTHON:-}" = "" ] && py=$srcdir/.venv/bin/python
if ! "$py" -c "import pytest, pytest_timeout, requests, pymongo, schemathesis" 2>/dev/null; then
	echo "run-e2e: $py lacks pytest, requests or pymongo; run scripts/deps --test" >&2
	exit 99
fi
unset NGINX	# nginx reads it as inherited sockets
if ! command -v "${SMARTBANK_NGINX:-nginx}" >/dev/null 2>&1; then
	echo "run-e2e: nginx not found; run scripts/deps" >&2
	exit 99
fi
if [ -z "${SMARTBANK_FERRETDB:-}" ]; then
	SMARTBANK_FERRETDB=$("$srcdir/scripts/ferretdb" build) || exit 99
	export SMARTBANK_FERRETDB
fi
if [ -z "${SMARTBANK_AUDITCHECK:-}" ]; then
	SMARTBANK_AUDITCHECK=$("$srcdir/scripts/auditcheck" build) || exit 99
	export SMARTBANK_AUDITCHECK
fi
export SMARTBANK_SRCDIR=$srcdir
# Tests leave nothing behind: no pytest cache in the (possibly read-only)
# source tree, and hypothesis's cache in a directory of its own.
HYPOTHESIS_STORAGE_DIRECTORY=$(mktemp -d "${TMPDIR:-/tmp}/smartbank-hypothesis.XXXXXX")
export HYPOTHESIS_STORAGE_DIRECTORY
rc=0
if [ "${SMARTBANK_E2E_PACKAGING:-}" = 1 ]; then
	# make distcheck (scripts/test --distcheck): is everything the suite
	# needs in the tarball?  Every test file collects (its imports and
	# what it reads at import), and the tests that read the packaged
	# files run: the man pages, README and OpenAPI, the units and
	# configuration, the Postman collection, the FerretDB patches, and a
	# stack (nginx configuration, scripts).  The whole suite runs in the
	# other stages of .ci/run, from the source tree and under sanitizers.
	"$py" -m pytest -p no:cacheprovider --collect-only -q "$srcdir/tests/e2e" >/dev/null || rc=$?
	e2e=$srcdir/tests/e2e
	[ $rc -eq 0 ] && { "$py" -m pytest -p no:cacheprovider --timeout=180 -v -rfE \
		"$e2e/test_docs.py" "$e2e/test_packaging.py" "$e2e/test_postman.py" "$e2e/test_health.py" \
		"$e2e/test_local_database.py::test_the_patch_is_in_the_build" "$@" || rc=$?; }
else
	"$py" -m pytest -p no:cacheprovider --timeout=180 --durations=30 -v -rfE "$srcdir/tests/e2e" "$@" || rc=$?
fi
rm -rf "$HYPOTHESIS_STORAGE_DIRECTORY"
exit $rc
