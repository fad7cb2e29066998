-- The inbox cache: an account's recent posts (at most 24 hours old; the
-- retention job deletes rows by fetched_at).
CREATE TABLE inbox_media (
    account_id             BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    id                     TEXT NOT NULL,
    caption                TEXT,
    media_type             TEXT NOT NULL,
    media_url              TEXT,
    thumbnail_url          TEXT,
    permalink              TEXT,
    timestamp              INTEGER NOT NULL,
    like_count             INTEGER,
    comments_count         INTEGER,
    fetched_at             INTEGER NOT NULL,
    comments_fetched_at    INTEGER,
    comments_fetched_count INTEGER,
    PRIMARY KEY (account_id, id)
) STRICT;
CREATE INDEX inbox_media_fetched ON inbox_media(fetched_at);
