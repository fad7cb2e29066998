-- Cached comments and replies (parent_id set on replies).
CREATE TABLE inbox_comments (
    account_id BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    media_id   TEXT NOT NULL,
    parent_id  TEXT,
    text       TEXT NOT NULL,
    username   TEXT,
    timestamp  INTEGER NOT NULL,
    hidden     INTEGER NOT NULL,
    like_count INTEGER,
    fetched_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, id)
) STRICT;
CREATE INDEX inbox_comments_media ON inbox_comments(account_id, media_id, timestamp);
CREATE INDEX inbox_comments_parent ON inbox_comments(account_id, parent_id);
CREATE INDEX inbox_comments_fetched ON inbox_comments(fetched_at);
