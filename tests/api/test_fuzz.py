"""Schemathesis against the app's own OpenAPI: no server errors, responses conform to the schema.

`positive_data_acceptance` is left out on purpose: several endpoints apply domain rules beyond the
schema (an IPC symbol must be well formed, a route must exist, a SPARQL query must parse), so a
schema-valid request may rightly get a 422 problem response; that 422 is still checked for status,
content type and body schema by the other checks. A request the generator makes larger than the body
limit (GREENTAXO_MAX_BODY_BYTES) is rejected with 413 before it is read: for negative data that is a
rejection too, so 413 joins schemathesis's default list of rejecting statuses.
"""
from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS
from schemathesis.config import SchemathesisConfig

from greentaxo.api.main import app

REJECTING = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429, "5xx"]   # 5xx: caught by not_a_server_error
CONFIG = SchemathesisConfig.from_dict({"checks": {"negative_data_rejection": {"expected-statuses": REJECTING}}})
schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=CONFIG)
CHOSEN = [c for c in CHECKS.get_all() if c.__name__ != "positive_data_acceptance"]


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_500_and_conforms(case):
    case.call_and_validate(checks=CHOSEN)
