-- The SQL UserStatusRepository issues, one block per method (each branch it took once), as run against
-- PostgreSQL. Generated: do not edit. `tools/colink sql-snapshots` rewrites it; the service's
-- integration tests fail when it is out of date.

-- UserStatusRepository.latestRestrictions
SELECT DISTINCT
  ON (target_user_id, kind) target_user_id,
  action,
  expires_at
FROM
  (
    SELECT
      target_user_id,
      action,
      expires_at,
      created_at,
      id,
      CASE
        WHEN action IN ('mute', 'unmute') THEN 'mute'
        ELSE 'ban'
      END AS kind
    FROM
      "admin".moderation_actions
    WHERE
      target_user_id = ANY ($1::uuid[])
      AND action IN ('mute', 'unmute', 'ban', 'unban')
  ) latest
ORDER BY
  target_user_id,
  kind,
  created_at DESC,
  id DESC;
