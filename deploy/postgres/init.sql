-- Run once on the colink database as a superuser (native stack: tools/stack/stack.sh;
-- docker-compose: /docker-entrypoint-initdb.d). Each service creates its own schema in its migrations.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
