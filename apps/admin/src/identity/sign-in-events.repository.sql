-- The SQL SignInEventsRepository issues, one block per method (each branch it took once), as run against
-- PostgreSQL. Generated: do not edit. `tools/colink sql-snapshots` rewrites it; the service's
-- integration tests fail when it is out of date.

-- SignInEventsRepository.markSeen
INSERT INTO
  "admin".keycloak_events (id, time)
VALUES
  ($1, $2)
ON CONFLICT (id) DO NOTHING;

-- SignInEventsRepository.latest
SELECT
  max(time) AS time
FROM
  "admin".keycloak_events;
