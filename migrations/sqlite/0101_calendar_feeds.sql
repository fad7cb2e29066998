-- One subscribable calendar per account; only the digest of its secret URL
-- is kept (like API tokens).
CREATE TABLE calendar_feeds (
    account_id BLOB PRIMARY KEY NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    owner_id   BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    digest     TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
) STRICT;
