-- Cached comments and replies (parent_id set on replies).
CREATE TABLE inbox_comments (
    account_id BINARY(16) NOT NULL,
    id         VARCHAR(64) NOT NULL,
    media_id   VARCHAR(64) NOT NULL,
    parent_id  VARCHAR(64) NULL,
    text       TEXT NOT NULL,
    username   VARCHAR(64) NULL,
    timestamp  DATETIME(6) NOT NULL,
    hidden     BOOLEAN NOT NULL,
    like_count BIGINT NULL,
    fetched_at DATETIME(6) NOT NULL,
    PRIMARY KEY (account_id, id),
    KEY inbox_comments_media (account_id, media_id, timestamp),
    KEY inbox_comments_parent (account_id, parent_id),
    KEY inbox_comments_fetched (fetched_at),
    CONSTRAINT inbox_comments_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
