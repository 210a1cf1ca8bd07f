"""Schemathesis hooks for CoLink's API (loaded by tools/contract/schemathesis.toml).

What no schema can say, for positive (schema-valid) cases only; negative cases are left alone:
- A page cursor is opaque: a client sends only the next_cursor of a page it was given, so a valid
  request never carries an invented one (negative cases still do, and must meet 400).
- An Idempotency-Key is new for each request: the same key with another request is 422 by design,
  which apps/web-e2e/src/api/idempotency.int-spec.ts covers. Valid cases send a fresh key.
"""

import uuid

import schemathesis
from schemathesis import GenerationMode


@schemathesis.hook
def map_case(context, case):
    meta = case.meta
    if meta is None or meta.generation.mode != GenerationMode.POSITIVE:
        return case
    if case.query and "cursor" in case.query:
        case.query = {name: value for name, value in case.query.items() if name != "cursor"}
    if case.headers:
        for name in list(case.headers):
            if name.lower() == "idempotency-key":
                case.headers[name] = str(uuid.uuid4())
    return case
