-- The SQL MessagesRepository issues, one block per method (each branch it took once), as run against
-- PostgreSQL. Generated: do not edit. `tools/colink sql-snapshots` rewrites it; the service's
-- integration tests fail when it is out of date.

-- MessagesRepository.nextSeq
UPDATE "messaging".channels
SET
  last_seq = last_seq + 1
WHERE
  id = $1
RETURNING
  last_seq::float8 AS seq,
  archived_at IS NOT NULL AS archived;

-- MessagesRepository.insertTopLevel
WITH
  input AS (
    SELECT
      *
    FROM
      jsonb_to_recordset($1::jsonb) AS i (
        ord int,
        id uuid,
        channel_id uuid,
        user_id uuid,
        content text,
        mentions uuid[],
        mentions_channel boolean,
        mentions_here boolean,
        files jsonb,
        created_at timestamptz
      )
  ),
  allowed AS (
    SELECT
      i.*
    FROM
      input i
    WHERE
      EXISTS (
        SELECT
          1
        FROM
          "messaging".members m
        WHERE
          m.channel_id = i.channel_id
          AND m.user_id = i.user_id
          AND NOT m.removed
      )
      AND NOT EXISTS (
        SELECT
          1
        FROM
          "messaging".mutes u
        WHERE
          u.user_id = i.user_id
          AND u.scope IN ('', i.channel_id::text)
          AND (
            u.expires_at IS NULL
            OR u.expires_at > now()
          )
      )
  ),
  wanted AS (
    SELECT
      channel_id,
      count(*) AS n
    FROM
      allowed
    GROUP BY
      channel_id
  ),
  counter AS (
    UPDATE "messaging".channels c
    SET
      last_seq = c.last_seq + w.n,
      last_rev = c.last_rev + w.n
    FROM
      wanted w
    WHERE
      c.id = w.channel_id
      AND c.archived_at IS NULL
    RETURNING
      c.id,
      c.last_seq - w.n AS seq_base,
      c.last_rev - w.n AS rev_base
  ),
  numbered AS (
    SELECT
      a.*,
      counter.seq_base + a.k AS seq,
      counter.rev_base + a.k AS rev
    FROM
      (
        SELECT
          *,
          row_number() OVER (
            PARTITION BY
              channel_id
            ORDER BY
              ord
          ) AS k
        FROM
          allowed
      ) a
      JOIN counter ON counter.id = a.channel_id
  ),
  message AS (
    INSERT INTO
      "messaging".messages (
        id,
        channel_id,
        seq,
        user_id,
        content,
        thread_root_id,
        also_send_to_channel,
        mentions,
        mentions_channel,
        mentions_here,
        files,
        created_at
      )
    SELECT
      id,
      channel_id,
      seq,
      user_id,
      content,
      NULL,
      false,
      mentions,
      mentions_channel,
      mentions_here,
      files,
      created_at
    FROM
      numbered
  ),
  event AS (
    INSERT INTO
      "messaging"."outbox" (id, topic, key, value, headers)
    SELECT
      e.id,
      e.topic,
      e.key,
      jsonb_set(
        jsonb_set(e.value, '{data,seq}', to_jsonb(numbered.seq)),
        '{rev}',
        to_jsonb((numbered.rev)::bigint)
      ),
      e.headers
    FROM
      jsonb_to_recordset($2::jsonb) AS e (
        ref text,
        id uuid,
        topic text,
        key text,
        value jsonb,
        headers jsonb
      )
      JOIN numbered ON numbered.id::text = e.ref
    ORDER BY
      numbered.seq
    RETURNING
      *
  ),
  change AS (
    INSERT INTO
      "messaging".channel_changes (channel_id, rev, envelope)
    SELECT
      (value -> 'data' ->> 'channel_id')::uuid,
      (value ->> 'rev')::bigint,
      value
    FROM
      event
  )
SELECT
  value -> 'data' ->> 'id' AS message_id,
  (value -> 'data' ->> 'seq')::float8 AS seq,
  position::text AS position,
  id,
  topic,
  key,
  value::text AS value,
  headers,
  value -> 'data' ->> 'channel_id' AS channel,
  (value ->> 'rev')::float8 AS rev
FROM
  event
ORDER BY
  event.position;

-- MessagesRepository.insert
INSERT INTO
  "messaging".messages (
    id,
    channel_id,
    seq,
    user_id,
    content,
    thread_root_id,
    also_send_to_channel,
    mentions,
    mentions_channel,
    mentions_here,
    files
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
    $8::uuid[],
    $9,
    $10,
    $11::jsonb
  )
RETURNING
  id,
  channel_id,
  seq::float8 AS seq,
  user_id,
  content,
  thread_root_id,
  also_send_to_channel,
  reply_count,
  last_reply_at,
  mentions::text[] AS mentions,
  mentions_channel,
  mentions_here,
  files,
  created_at,
  edited_at,
  deleted_at,
  deleted_by;

-- MessagesRepository.lockChannel
SELECT
  1
FROM
  "messaging".channels
WHERE
  id = $1
FOR UPDATE;

-- MessagesRepository.changes
SELECT
  envelope
FROM
  "messaging".channel_changes
WHERE
  channel_id = $1
  AND rev > $2
ORDER BY
  rev
LIMIT
  $3;

-- MessagesRepository.find
SELECT
  id,
  channel_id,
  seq::float8 AS seq,
  user_id,
  content,
  thread_root_id,
  also_send_to_channel,
  reply_count,
  last_reply_at,
  mentions::text[] AS mentions,
  mentions_channel,
  mentions_here,
  files,
  created_at,
  edited_at,
  deleted_at,
  deleted_by
FROM
  "messaging".messages
WHERE
  id = $1;

-- MessagesRepository.lock
SELECT
  id,
  channel_id,
  seq::float8 AS seq,
  user_id,
  content,
  thread_root_id,
  also_send_to_channel,
  reply_count,
  last_reply_at,
  mentions::text[] AS mentions,
  mentions_channel,
  mentions_here,
  files,
  created_at,
  edited_at,
  deleted_at,
  deleted_by
FROM
  "messaging".messages
WHERE
  id = $1
FOR UPDATE;

-- MessagesRepository.countReply
UPDATE "messaging".messages
SET
  reply_count = reply_count + 1,
  last_reply_at = now()
WHERE
  id = $1
RETURNING
  id,
  channel_id,
  seq::float8 AS seq,
  user_id,
  content,
  thread_root_id,
  also_send_to_channel,
  reply_count,
  last_reply_at,
  mentions::text[] AS mentions,
  mentions_channel,
  mentions_here,
  files,
  created_at,
  edited_at,
  deleted_at,
  deleted_by;

-- MessagesRepository.history
SELECT
  id,
  channel_id,
  seq::float8 AS seq,
  user_id,
  content,
  thread_root_id,
  also_send_to_channel,
  reply_count,
  last_reply_at,
  mentions::text[] AS mentions,
  mentions_channel,
  mentions_here,
  files,
  created_at,
  edited_at,
  deleted_at,
  deleted_by
FROM
  "messaging".messages
WHERE
  channel_id = $1
  AND (
    thread_root_id IS NULL
    OR also_send_to_channel
  )
  AND (
    $2::bigint IS NULL
    OR seq < $2
  )
ORDER BY
  seq DESC
LIMIT
  $3;

SELECT
  id,
  channel_id,
  seq::float8 AS seq,
  user_id,
  content,
  thread_root_id,
  also_send_to_channel,
  reply_count,
  last_reply_at,
  mentions::text[] AS mentions,
  mentions_channel,
  mentions_here,
  files,
  created_at,
  edited_at,
  deleted_at,
  deleted_by
FROM
  "messaging".messages
WHERE
  channel_id = $1
  AND (
    thread_root_id IS NULL
    OR also_send_to_channel
  )
  AND seq > $2
  AND (
    $3::bigint IS NULL
    OR seq < $3
  )
ORDER BY
  seq
LIMIT
  $4;

-- MessagesRepository.replies
SELECT
  id,
  channel_id,
  seq::float8 AS seq,
  user_id,
  content,
  thread_root_id,
  also_send_to_channel,
  reply_count,
  last_reply_at,
  mentions::text[] AS mentions,
  mentions_channel,
  mentions_here,
  files,
  created_at,
  edited_at,
  deleted_at,
  deleted_by
FROM
  "messaging".messages
WHERE
  thread_root_id = $1
  AND seq > $2
ORDER BY
  seq
LIMIT
  $3;

-- MessagesRepository.reactions
SELECT
  message_id,
  emoji,
  count(*)::int AS count,
  array_agg(
    user_id::text
    ORDER BY
      created_at
  ) AS user_ids
FROM
  "messaging".reactions
WHERE
  message_id = ANY ($1::uuid[])
GROUP BY
  message_id,
  emoji
ORDER BY
  message_id,
  min(created_at);

-- MessagesRepository.edit
INSERT INTO
  "messaging".message_edits (message_id, content, created_at, edited_by)
VALUES
  ($1, $2, $3, $4);

UPDATE "messaging".messages
SET
  content = $2,
  mentions = $3::uuid[],
  mentions_channel = $4,
  mentions_here = $5,
  edited_at = now()
WHERE
  id = $1
RETURNING
  id,
  channel_id,
  seq::float8 AS seq,
  user_id,
  content,
  thread_root_id,
  also_send_to_channel,
  reply_count,
  last_reply_at,
  mentions::text[] AS mentions,
  mentions_channel,
  mentions_here,
  files,
  created_at,
  edited_at,
  deleted_at,
  deleted_by;

-- MessagesRepository.edits
SELECT
  id::float8 AS id,
  message_id,
  content,
  created_at,
  replaced_at,
  edited_by
FROM
  "messaging".message_edits
WHERE
  message_id = $1
  AND id > $2
ORDER BY
  id
LIMIT
  $3;

-- MessagesRepository.tombstone
DELETE FROM "messaging".message_edits
WHERE
  message_id = $1;

DELETE FROM "messaging".reactions
WHERE
  message_id = $1;

UPDATE "messaging".messages
SET
  content = '',
  mentions = '{}',
  mentions_channel = false,
  mentions_here = false,
  files = '[]',
  deleted_at = now(),
  deleted_by = $2
WHERE
  id = $1
RETURNING
  id,
  channel_id,
  seq::float8 AS seq,
  user_id,
  content,
  thread_root_id,
  also_send_to_channel,
  reply_count,
  last_reply_at,
  mentions::text[] AS mentions,
  mentions_channel,
  mentions_here,
  files,
  created_at,
  edited_at,
  deleted_at,
  deleted_by;

-- MessagesRepository.addReaction
INSERT INTO
  "messaging".reactions (message_id, emoji, user_id)
VALUES
  ($1, $2, $3)
ON CONFLICT DO NOTHING;

-- MessagesRepository.removeReaction
DELETE FROM "messaging".reactions
WHERE
  message_id = $1
  AND emoji = $2
  AND user_id = $3;
