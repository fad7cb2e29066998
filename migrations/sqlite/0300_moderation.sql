-- Moderation word lists (issue 19): one row per account and kind (spam,
-- profanity, custom); the words one per line as the user wrote them.
CREATE TABLE moderation_lists (
    account_id BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    enabled    INTEGER NOT NULL,
    words      TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, kind)
) STRICT;
-- The comments the lists hid: at most one entry per (account, comment), so
-- a comment is hidden automatically once and never again after an undo.
CREATE TABLE moderation_log (
    id         BLOB NOT NULL PRIMARY KEY,
    account_id BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    comment_id TEXT NOT NULL,
    media_id   TEXT NOT NULL,
    kind       TEXT NOT NULL,
    word       TEXT NOT NULL,
    hidden_at  INTEGER NOT NULL,
    undone_at  INTEGER,
    UNIQUE (account_id, comment_id)
) STRICT;
CREATE INDEX moderation_log_recent ON moderation_log(account_id, hidden_at);
