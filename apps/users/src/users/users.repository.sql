-- The SQL UsersRepository issues, one block per method (each branch it took once), as run against
-- PostgreSQL. Generated: do not edit. `tools/colink sql-snapshots` rewrites it; the service's
-- integration tests fail when it is out of date.

-- UsersRepository.findById
SELECT
  id,
  username,
  email,
  display_name AS "displayName",
  avatar_url AS "avatarUrl",
  roles,
  status_text AS "statusText",
  status_emoji AS "statusEmoji",
  status_expiry AS "statusExpiry",
  created_at AS "createdAt",
  updated_at AS "updatedAt"
FROM
  "users".users
WHERE
  id = $1;

-- UsersRepository.insertIfAbsent
INSERT INTO
  "users".users (id, username, email, display_name, roles)
VALUES
  ($1, $2, $3, $4, $5)
ON CONFLICT DO NOTHING
RETURNING
  id,
  username,
  email,
  display_name AS "displayName",
  avatar_url AS "avatarUrl",
  roles,
  status_text AS "statusText",
  status_emoji AS "statusEmoji",
  status_expiry AS "statusExpiry",
  created_at AS "createdAt",
  updated_at AS "updatedAt";

-- UsersRepository.lockById
SELECT
  id,
  username,
  email,
  display_name AS "displayName",
  avatar_url AS "avatarUrl",
  roles,
  status_text AS "statusText",
  status_emoji AS "statusEmoji",
  status_expiry AS "statusExpiry",
  created_at AS "createdAt",
  updated_at AS "updatedAt"
FROM
  "users".users
WHERE
  id = $1
FOR UPDATE;

-- UsersRepository.update
UPDATE "users".users
SET
  username = CASE
    WHEN $2 THEN $3
    ELSE username
  END,
  email = CASE
    WHEN $4 THEN $5
    ELSE email
  END,
  roles = CASE
    WHEN $6 THEN $7::text[]
    ELSE roles
  END,
  display_name = CASE
    WHEN $8 THEN $9
    ELSE display_name
  END,
  status_text = CASE
    WHEN $10 THEN $11
    ELSE status_text
  END,
  status_emoji = CASE
    WHEN $12 THEN $13
    ELSE status_emoji
  END,
  status_expiry = CASE
    WHEN $14 THEN $15::timestamptz
    ELSE status_expiry
  END,
  updated_at = now()
WHERE
  id = $1
RETURNING
  id,
  username,
  email,
  display_name AS "displayName",
  avatar_url AS "avatarUrl",
  roles,
  status_text AS "statusText",
  status_emoji AS "statusEmoji",
  status_expiry AS "statusExpiry",
  created_at AS "createdAt",
  updated_at AS "updatedAt";

-- UsersRepository.directory
SELECT
  id,
  username,
  email,
  display_name AS "displayName",
  avatar_url AS "avatarUrl",
  roles,
  status_text AS "statusText",
  status_emoji AS "statusEmoji",
  status_expiry AS "statusExpiry",
  created_at AS "createdAt",
  updated_at AS "updatedAt"
FROM
  "users".users u
WHERE
  lower(u.username) LIKE $1
  OR lower(u.display_name) LIKE $1
  OR lower(u.username) % $2
  OR lower(u.display_name) % $2
  OR word_similarity ($2, lower(u.display_name)) > 0.4
ORDER BY
  CASE
    WHEN lower(u.username) LIKE $1
    OR lower(u.display_name) LIKE $1 THEN 0
    ELSE 1
  END,
  GREATEST(
    similarity (lower(u.username), $2),
    similarity (lower(u.display_name), $2)
  ) DESC,
  u.username,
  u.id
OFFSET
  $3
LIMIT
  $4;

SELECT
  id,
  username,
  email,
  display_name AS "displayName",
  avatar_url AS "avatarUrl",
  roles,
  status_text AS "statusText",
  status_emoji AS "statusEmoji",
  status_expiry AS "statusExpiry",
  created_at AS "createdAt",
  updated_at AS "updatedAt"
FROM
  "users".users u
ORDER BY
  u.username,
  u.id
OFFSET
  $1
LIMIT
  $2;
