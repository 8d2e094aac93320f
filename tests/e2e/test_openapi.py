"""schemathesis against the running stack: every operation of
docs/openapi.yaml with generated and mutated inputs, as a customer and as
an auditor.  No 5xx, no answer that the spec does not describe."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import experimental
from schemathesis.checks import (content_type_conformance, not_a_server_error,
                                 response_headers_conformance, response_schema_conformance,
                                 status_code_conformance)

import api
from stack import SRCDIR, Stack

experimental.OPEN_API_3_1.enable()

SPEC = os.path.join(SRCDIR, "docs", "openapi.yaml")
CHECKS = (not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance)
@pytest.fixture(scope="module")
def fuzz_stack(workroot):
    # Its own stack: thousands of failed logins from 127.0.0.1 must not
    # throttle the other tests' logins.
    s = Stack(os.path.join(workroot, "openapi"),
              SMARTBANK_LOGIN_MAX_FAILURES_PER_ADDR="100000")
    yield s
    s.close()
    from stack import assert_clean_log
    assert_clean_log(s.sbd.log())


@pytest.fixture(scope="module")
def tokens(fuzz_stack):
    _, customer = api.customer(fuzz_stack)
    _, auditor = api.auditor(fuzz_stack)
    # Something in the queue, so the auditor routes have data to show.
    for _ in range(3):
        _, c = api.customer(fuzz_stack)
        fuzz_stack.post("/kyc/upload", headers=c, json=api.document())
    return {"customer": customer, "auditor": auditor}


@pytest.fixture(scope="module")
def api_schema(fuzz_stack):
    return schemathesis.from_path(SPEC, base_url=fuzz_stack.url,
                                  data_generation_methods=schemathesis.DataGenerationMethod.all())


schema = schemathesis.from_pytest_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_matches_its_spec(case, tokens):
    headers = dict(case.headers or {})
    if case.operation.definition.raw.get("security"):
        # The spec's own tags say whose the operation is: no list here.
        role = "auditor" if "auditor" in (case.operation.tags or ()) else "customer"
        headers.update(tokens[role])
    case.call_and_validate(headers=headers, checks=CHECKS, timeout=30)


def test_spec_is_served_by_the_local_nginx(stack):
    r = stack.get("/openapi.yaml")
    assert r.status_code == 200
    with open(SPEC, "rb") as f:
        assert r.content == f.read()
