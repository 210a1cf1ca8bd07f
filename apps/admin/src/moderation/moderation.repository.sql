-- The SQL ModerationRepository issues, one block per method (each branch it took once), as run against
-- PostgreSQL. Generated: do not edit. `tools/colink sql-snapshots` rewrites it; the service's
-- integration tests fail when it is out of date.

-- ModerationRepository.insert
INSERT INTO
  "admin".moderation_actions (
    id,
    action,
    target_user_id,
    channel_id,
    moderator_id,
    reason,
    duration_s,
    expires_at,
    created_at
  )
VALUES
  ($1, $2, $3, $4, $5, $6, $7, $8, $9);

-- ModerationRepository.dueBans
SELECT
  b.id,
  b.action,
  b.target_user_id,
  b.channel_id,
  b.moderator_id,
  b.reason,
  b.duration_s,
  b.expires_at,
  b.created_at
FROM
  "admin".moderation_actions b
WHERE
  b.action = 'ban'
  AND b.expires_at IS NOT NULL
  AND b.expires_at <= $1
  AND b.lifted_at IS NULL
  AND NOT EXISTS (
    SELECT
      1
    FROM
      "admin".moderation_actions later
    WHERE
      later.target_user_id = b.target_user_id
      AND later.action IN ('ban', 'unban')
      AND (later.created_at, later.id) > (b.created_at, b.id)
  )
ORDER BY
  b.expires_at
LIMIT
  $2;

-- ModerationRepository.markLifted
UPDATE "admin".moderation_actions
SET
  lifted_at = $2
WHERE
  id = $1
  AND lifted_at IS NULL;

-- ModerationRepository.list
SELECT
  id,
  action,
  target_user_id,
  channel_id,
  moderator_id,
  reason,
  duration_s,
  expires_at,
  created_at
FROM
  "admin".moderation_actions
ORDER BY
  created_at DESC,
  id DESC
LIMIT
  $1;

SELECT
  id,
  action,
  target_user_id,
  channel_id,
  moderator_id,
  reason,
  duration_s,
  expires_at,
  created_at
FROM
  "admin".moderation_actions
WHERE
  target_user_id = $1
  AND (created_at, id) < ($2::timestamptz, $3::uuid)
ORDER BY
  created_at DESC,
  id DESC
LIMIT
  $4;
