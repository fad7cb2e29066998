-- Idempotency keys clients sent with POST requests, per user, with the
-- first answer to replay on a retry (NULL status while the first request
-- runs). Kept 24 hours.
CREATE TABLE idempotency_keys (
    user_id       BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    idem_key      TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    reserved_at   INTEGER NOT NULL,
    status        INTEGER,
    content_type  TEXT,
    body          BLOB,
    PRIMARY KEY (user_id, idem_key)
) STRICT;
CREATE INDEX idempotency_keys_reserved_at ON idempotency_keys (reserved_at);
