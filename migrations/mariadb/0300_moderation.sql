-- Moderation word lists (issue 19): one row per account and kind (spam,
-- profanity, custom); the words one per line as the user wrote them.
CREATE TABLE moderation_lists (
    account_id BINARY(16) NOT NULL,
    kind       VARCHAR(16) NOT NULL,
    enabled    BOOLEAN NOT NULL,
    words      MEDIUMTEXT NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (account_id, kind),
    CONSTRAINT moderation_lists_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
-- The comments the lists hid: at most one entry per (account, comment), so
-- a comment is hidden automatically once and never again after an undo.
CREATE TABLE moderation_log (
    id         BINARY(16) NOT NULL PRIMARY KEY,
    account_id BINARY(16) NOT NULL,
    comment_id VARCHAR(64) NOT NULL,
    media_id   VARCHAR(64) NOT NULL,
    kind       VARCHAR(16) NOT NULL,
    word       VARCHAR(400) NOT NULL,
    hidden_at  DATETIME(6) NOT NULL,
    undone_at  DATETIME(6) NULL,
    UNIQUE KEY moderation_log_comment (account_id, comment_id),
    KEY moderation_log_recent (account_id, hidden_at),
    CONSTRAINT moderation_log_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
