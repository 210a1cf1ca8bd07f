-- The SQL AccessRepository issues, one block per method (each branch it took once), as run against
-- PostgreSQL. Generated: do not edit. `tools/colink sql-snapshots` rewrites it; the service's
-- integration tests fail when it is out of date.

-- AccessRepository.mute
INSERT INTO
  "messaging".mutes (user_id, scope, expires_at, action_id)
VALUES
  ($1, $2, $3, $4)
ON CONFLICT (user_id, scope) DO UPDATE
SET
  expires_at = EXCLUDED.expires_at,
  action_id = EXCLUDED.action_id;

-- AccessRepository.unmute
DELETE FROM "messaging".mutes
WHERE
  user_id = $1
  AND scope = $2;

DELETE FROM "messaging".mutes
WHERE
  user_id = $1;

-- AccessRepository.activeMute
SELECT
  expires_at
FROM
  "messaging".mutes
WHERE
  user_id = $1
  AND scope IN ('', $2)
  AND (
    expires_at IS NULL
    OR expires_at > now()
  )
ORDER BY
  expires_at DESC NULLS FIRST
LIMIT
  1;

-- AccessRepository.channelFor
SELECT
  c.id,
  c.type,
  c.archived_at,
  m.role
FROM
  "messaging".channels c
  LEFT JOIN "messaging".members m ON m.channel_id = c.id
  AND m.user_id = $2
  AND NOT m.removed
WHERE
  c.id = $1;

-- AccessRepository.upsertChannel
INSERT INTO
  "messaging".channels (id, type, archived_at)
VALUES
  ($1, $2, $3)
ON CONFLICT (id) DO UPDATE
SET
  type = EXCLUDED.type,
  archived_at = CASE
    WHEN $4 THEN EXCLUDED.archived_at
    ELSE channels.archived_at
  END;

-- AccessRepository.applyMembership
INSERT INTO
  "messaging".members (channel_id, user_id, role, version, removed)
VALUES
  ($1, $2, COALESCE($3, 'member'), $4, $3 IS NULL)
ON CONFLICT (channel_id, user_id) DO UPDATE
SET role = COALESCE($3, members.role),
version = EXCLUDED.version,
removed = EXCLUDED.removed
WHERE
  members.version <= EXCLUDED.version;

-- AccessRepository.rememberUser
INSERT INTO
  "messaging".known_users (id, username)
VALUES
  ($1, lower($2))
ON CONFLICT (id) DO UPDATE
SET
  username = EXCLUDED.username,
  updated_at = now()
WHERE
  known_users.username IS DISTINCT FROM EXCLUDED.username;

-- AccessRepository.usersByName
SELECT DISTINCT
  ON (username) id,
  username
FROM
  "messaging".known_users
WHERE
  username = ANY ($1::text[])
ORDER BY
  username,
  updated_at DESC;

-- AccessRepository.upsertFile
INSERT INTO
  "messaging".files (
    id,
    channel_id,
    uploader_id,
    filename,
    content_type,
    size_bytes,
    scan_status
  )
VALUES
  ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (id) DO UPDATE
SET
  scan_status = CASE
    WHEN EXCLUDED.scan_status = 'pending' THEN files.scan_status
    ELSE EXCLUDED.scan_status
  END;

-- AccessRepository.setScanStatus
UPDATE "messaging".files
SET
  scan_status = $2
WHERE
  id = $1;

-- AccessRepository.files
SELECT
  id,
  channel_id,
  uploader_id,
  filename,
  content_type,
  size_bytes::float8 AS size_bytes,
  scan_status
FROM
  "messaging".files
WHERE
  id = ANY ($1::uuid[]);
