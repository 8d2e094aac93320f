"""Fixtures of the end-to-end suite: one shared stack for the tests that
only need a running service, and fresh stacks for the tests that stop,
kill or restart parts of it."""

import os
import re
import shutil
import tempfile

import pytest

from stack import Stack, assert_clean_log


def pytest_collection_modifyitems(items):
    """test_log_secrets.py reads every log the run wrote: after the rest."""
    items.sort(key=lambda item: item.module.__name__ == "test_log_secrets")


@pytest.fixture(scope="session")
def workroot():
    path = tempfile.mkdtemp(prefix="smartbank-e2e-")
    yield path
    if os.environ.get("SMARTBANK_KEEP_E2E") != "1":
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def stack(workroot):
    s = Stack(os.path.join(workroot, "shared"))
    yield s
    s.close()
    assert_clean_log(s.sbd.log())


@pytest.fixture
def fresh_stack(workroot, request):
    """A stack of its own, for a test that breaks things."""
    # Not the node name as it is: a parametrized one has brackets, and
    # FerretDB finds its databases at start-up by globbing its directory,
    # so after a restart it would not see the data written before.
    d = os.path.join(workroot, re.sub(r"[^A-Za-z0-9_.-]", "_", request.node.name))
    os.makedirs(d)
    settings = getattr(request, "param", {})
    s = Stack(d, **settings)
    yield s
    s.close()
    assert_clean_log(s.sbd.log())
