-- Instagram containers created per account (400 per rolling 24 h): the
-- publisher records each; rows older than a day are removed as new ones come.
CREATE TABLE container_uses (
    account_id BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    post_id    BLOB NOT NULL,
    n          INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX container_uses_account_time ON container_uses(account_id, created_at);
