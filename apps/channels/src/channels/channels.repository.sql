-- The SQL ChannelsRepository issues, one block per method (each branch it took once), as run against
-- PostgreSQL. Generated: do not edit. `tools/colink sql-snapshots` rewrites it; the service's
-- integration tests fail when it is out of date.

-- ChannelsRepository.findForUser
SELECT
  c.id,
  c.name,
  c.description,
  c.type,
  c.created_by,
  c.created_at,
  c.archived_at,
  c.member_count,
  c.last_seq::float8 AS last_seq,
  m.role,
  m.last_read_seq::float8 AS last_read_seq,
  CASE
    WHEN m.user_id IS NULL THEN NULL
    ELSE (
      SELECT
        count(*)::int
      FROM
        "channels".message_marks k
      WHERE
        k.channel_id = c.id
        AND k.seq > m.last_read_seq
        AND k.in_history
        AND NOT k.deleted
        AND k.user_id <> m.user_id
    )
  END AS unread_count,
  CASE
    WHEN m.user_id IS NULL THEN NULL
    ELSE (
      SELECT
        count(*)::int
      FROM
        "channels".message_marks k
      WHERE
        k.channel_id = c.id
        AND k.seq > m.last_read_seq
        AND NOT k.deleted
        AND k.user_id <> m.user_id
        AND (
          k.mentions_all
          OR m.user_id = ANY (k.mentions)
          OR (
            c.type = 'dm'
            AND k.in_history
          )
        )
    )
  END AS mention_count
FROM
  "channels".channels c
  LEFT JOIN "channels".members m ON m.channel_id = c.id
  AND m.user_id = $2
WHERE
  c.id = $1;

-- ChannelsRepository.lock
SELECT
  c.id,
  c.name,
  c.description,
  c.type,
  c.created_by,
  c.created_at,
  c.archived_at,
  c.member_count,
  c.last_seq::float8 AS last_seq
FROM
  "channels".channels c
WHERE
  c.id = $1
FOR UPDATE;

-- ChannelsRepository.insert
INSERT INTO
  "channels".channels AS c (id, name, description, type, created_by, dm_key)
VALUES
  ($1, $2, $3, $4, $5, $6)
ON CONFLICT DO NOTHING
RETURNING
  c.id,
  c.name,
  c.description,
  c.type,
  c.created_by,
  c.created_at,
  c.archived_at,
  c.member_count,
  c.last_seq::float8 AS last_seq;

-- ChannelsRepository.findDm
SELECT
  c.id,
  c.name,
  c.description,
  c.type,
  c.created_by,
  c.created_at,
  c.archived_at,
  c.member_count,
  c.last_seq::float8 AS last_seq
FROM
  "channels".channels c
WHERE
  c.dm_key = $1;

-- ChannelsRepository.nameTaken
SELECT
  1
FROM
  "channels".channels
WHERE
  name = $1
  AND type <> 'dm'
  AND id IS DISTINCT FROM $2;

-- ChannelsRepository.update
UPDATE "channels".channels AS c
SET
  name = COALESCE($2, name),
  description = COALESCE($3, description),
  type = COALESCE($4, type),
  archived_at = CASE
    WHEN $5 THEN COALESCE(archived_at, now())
    ELSE archived_at
  END
WHERE
  id = $1
RETURNING
  c.id,
  c.name,
  c.description,
  c.type,
  c.created_by,
  c.created_at,
  c.archived_at,
  c.member_count,
  c.last_seq::float8 AS last_seq;

-- ChannelsRepository.member
SELECT
  channel_id,
  user_id,
  role,
  joined_at,
  last_read_seq::float8 AS last_read_seq
FROM
  "channels".members
WHERE
  channel_id = $1
  AND user_id = $2;

-- ChannelsRepository.addMember
INSERT INTO
  "channels".members (channel_id, user_id, role, last_read_seq)
SELECT
  $1,
  $2,
  $3,
  c.last_seq
FROM
  "channels".channels c
WHERE
  c.id = $1
ON CONFLICT DO NOTHING
RETURNING
  channel_id,
  user_id,
  role,
  joined_at,
  last_read_seq::float8 AS last_read_seq;

UPDATE "channels".channels
SET
  member_count = (
    SELECT
      count(*)
    FROM
      "channels".members
    WHERE
      channel_id = $1
  )
WHERE
  id = $1;

-- ChannelsRepository.setRole
UPDATE "channels".members
SET role = $3
WHERE
  channel_id = $1
  AND user_id = $2
RETURNING
  channel_id,
  user_id,
  role,
  joined_at,
  last_read_seq::float8 AS last_read_seq;

-- ChannelsRepository.removeMember
DELETE FROM "channels".members
WHERE
  channel_id = $1
  AND user_id = $2;

UPDATE "channels".channels
SET
  member_count = (
    SELECT
      count(*)
    FROM
      "channels".members
    WHERE
      channel_id = $1
  )
WHERE
  id = $1;

-- ChannelsRepository.bumpMemberVersion
UPDATE "channels".channels
SET
  member_version = member_version + 1
WHERE
  id = $1
RETURNING
  member_version::float8 AS v;

-- ChannelsRepository.access
SELECT
  c.id,
  c.type,
  c.archived_at,
  m.role,
  c.member_version::float8 AS member_version
FROM
  "channels".channels c
  LEFT JOIN "channels".members m ON m.channel_id = c.id
  AND m.user_id = $2
WHERE
  c.id = $1;

-- ChannelsRepository.owners
SELECT
  count(*)::int AS n
FROM
  "channels".members
WHERE
  channel_id = $1
  AND role = 'owner';

-- ChannelsRepository.memberCount
SELECT
  member_count
FROM
  "channels".channels
WHERE
  id = $1;

-- ChannelsRepository.listJoined
SELECT
  c.id,
  c.name,
  c.description,
  c.type,
  c.created_by,
  c.created_at,
  c.archived_at,
  c.member_count,
  c.last_seq::float8 AS last_seq,
  m.role,
  m.last_read_seq::float8 AS last_read_seq,
  (
    SELECT
      count(*)::int
    FROM
      "channels".message_marks k
    WHERE
      k.channel_id = c.id
      AND k.seq > m.last_read_seq
      AND k.in_history
      AND NOT k.deleted
      AND k.user_id <> m.user_id
  ) AS unread_count,
  (
    SELECT
      count(*)::int
    FROM
      "channels".message_marks k
    WHERE
      k.channel_id = c.id
      AND k.seq > m.last_read_seq
      AND NOT k.deleted
      AND k.user_id <> m.user_id
      AND (
        k.mentions_all
        OR m.user_id = ANY (k.mentions)
        OR (
          c.type = 'dm'
          AND k.in_history
        )
      )
  ) AS mention_count
FROM
  "channels".members m
  JOIN "channels".channels c ON c.id = m.channel_id
WHERE
  m.user_id = $1
  AND (
    $3::text IS NULL
    OR (c.name, c.id) > ($3::text, $4::uuid)
  )
ORDER BY
  c.name,
  c.id
LIMIT
  $2;

-- ChannelsRepository.listBrowse
SELECT
  c.id,
  c.name,
  c.description,
  c.type,
  c.created_by,
  c.created_at,
  c.archived_at,
  c.member_count,
  c.last_seq::float8 AS last_seq,
  m.role,
  NULL AS last_read_seq,
  NULL AS unread_count,
  NULL AS mention_count
FROM
  "channels".channels c
  LEFT JOIN "channels".members m ON m.channel_id = c.id
  AND m.user_id = $1
WHERE
  c.type = 'public'
  AND c.archived_at IS NULL
  AND (
    $3::text IS NULL
    OR (c.name, c.id) > ($3::text, $4::uuid)
  )
ORDER BY
  c.name,
  c.id
LIMIT
  $2;

-- ChannelsRepository.listMembers
SELECT
  channel_id,
  user_id,
  role,
  joined_at,
  last_read_seq::float8 AS last_read_seq
FROM
  "channels".members
WHERE
  channel_id = $1
  AND (
    $3::timestamptz IS NULL
    OR (joined_at, user_id) > ($3::timestamptz, $4::uuid)
  )
ORDER BY
  joined_at,
  user_id
LIMIT
  $2;

-- ChannelsRepository.markRead
WITH
  m AS (
    UPDATE "channels".members
    SET
      last_read_seq = $3
    WHERE
      channel_id = $1
      AND user_id = $2
    RETURNING
      channel_id,
      user_id,
      role,
      last_read_seq
  )
SELECT
  c.id,
  c.name,
  c.description,
  c.type,
  c.created_by,
  c.created_at,
  c.archived_at,
  c.member_count,
  c.last_seq::float8 AS last_seq,
  m.role,
  m.last_read_seq::float8 AS last_read_seq,
  (
    SELECT
      count(*)::int
    FROM
      "channels".message_marks k
    WHERE
      k.channel_id = c.id
      AND k.seq > m.last_read_seq
      AND k.in_history
      AND NOT k.deleted
      AND k.user_id <> m.user_id
  ) AS unread_count,
  (
    SELECT
      count(*)::int
    FROM
      "channels".message_marks k
    WHERE
      k.channel_id = c.id
      AND k.seq > m.last_read_seq
      AND NOT k.deleted
      AND k.user_id <> m.user_id
      AND (
        k.mentions_all
        OR m.user_id = ANY (k.mentions)
        OR (
          c.type = 'dm'
          AND k.in_history
        )
      )
  ) AS mention_count
FROM
  "channels".channels c
  JOIN m ON m.channel_id = c.id;

-- ChannelsRepository.knownUsers
SELECT
  id
FROM
  "channels".known_users
WHERE
  id = ANY ($1::uuid[]);

-- ChannelsRepository.rememberUser
INSERT INTO
  "channels".known_users (id, username)
VALUES
  ($1, $2)
ON CONFLICT (id) DO UPDATE
SET
  username = EXCLUDED.username,
  updated_at = now()
WHERE
  known_users.username IS DISTINCT FROM EXCLUDED.username;

-- ChannelsRepository.addMark
WITH
  mark AS (
    INSERT INTO
      "channels".message_marks (
        channel_id,
        seq,
        message_id,
        user_id,
        in_history,
        mentions,
        mentions_all
      )
    SELECT
      $1,
      $2,
      $3,
      $4,
      $5,
      $6::uuid[],
      $7
    WHERE
      EXISTS (
        SELECT
          1
        FROM
          "channels".channels
        WHERE
          id = $1
      )
    ON CONFLICT DO NOTHING
    RETURNING
      channel_id,
      seq,
      user_id
  ),
  channel AS (
    UPDATE "channels".channels
    SET
      last_seq = GREATEST(channels.last_seq, mark.seq)
    FROM
      mark
    WHERE
      channels.id = mark.channel_id
    RETURNING
      mark.channel_id,
      mark.seq,
      mark.user_id
  )
UPDATE "channels".members
SET
  last_read_seq = GREATEST(members.last_read_seq, channel.seq)
FROM
  channel
WHERE
  members.channel_id = channel.channel_id
  AND members.user_id = channel.user_id;

-- ChannelsRepository.updateMarkMentions
UPDATE "channels".message_marks
SET
  mentions = $2::uuid[],
  mentions_all = $3
WHERE
  message_id = $1;

-- ChannelsRepository.deleteMark
UPDATE "channels".message_marks
SET
  deleted = true
WHERE
  message_id = $1;
