-- The SQL AuditRepository issues, one block per method (each branch it took once), as run against
-- PostgreSQL. Generated: do not edit. `tools/colink sql-snapshots` rewrites it; the service's
-- integration tests fail when it is out of date.

-- AuditRepository.append
SELECT
  pg_advisory_xact_lock(hashtextextended ($1, 0));

SELECT
  1
FROM
  "admin".audit_entries
WHERE
  id = $1;

SELECT
  seq::float8 AS seq,
  hash
FROM
  "admin".audit_entries
ORDER BY
  seq DESC
LIMIT
  1;

INSERT INTO
  "admin".audit_entries (
    id,
    seq,
    occurred_at,
    actor_id,
    action,
    resource_type,
    resource_id,
    request_id,
    trace_id,
    details,
    prev_hash,
    hash
  )
VALUES
  (
    $1,
    $2,
    $3,
    $4,
    $5,
    $6,
    $7,
    $8,
    $9,
    $10::jsonb,
    $11,
    $12
  );

-- AuditRepository.list
SELECT
  id,
  seq::float8 AS seq,
  occurred_at,
  recorded_at,
  actor_id,
  action,
  resource_type,
  resource_id,
  request_id,
  trace_id,
  details,
  prev_hash,
  hash
FROM
  "admin".audit_entries
WHERE
  actor_id = $1
  AND action = $2
  AND resource_type = $3
  AND occurred_at >= $4::timestamptz
  AND occurred_at <= $5::timestamptz
  AND seq < $6
ORDER BY
  seq DESC
LIMIT
  $7;

SELECT
  id,
  seq::float8 AS seq,
  occurred_at,
  recorded_at,
  actor_id,
  action,
  resource_type,
  resource_id,
  request_id,
  trace_id,
  details,
  prev_hash,
  hash
FROM
  "admin".audit_entries
ORDER BY
  seq DESC
LIMIT
  $1;

-- AuditRepository.chainAfter
SELECT
  id,
  seq::float8 AS seq,
  occurred_at,
  recorded_at,
  actor_id,
  action,
  resource_type,
  resource_id,
  request_id,
  trace_id,
  details,
  prev_hash,
  hash
FROM
  "admin".audit_entries
WHERE
  seq > $1
ORDER BY
  seq
LIMIT
  $2;
