-- The inbox cache: an account's recent posts (at most 24 hours old; the
-- retention job deletes rows by fetched_at).
CREATE TABLE inbox_media (
    account_id             BINARY(16) NOT NULL,
    id                     VARCHAR(64) NOT NULL,
    caption                TEXT NULL,
    media_type             VARCHAR(32) NOT NULL,
    media_url              TEXT NULL,
    thumbnail_url          TEXT NULL,
    permalink              VARCHAR(1024) NULL,
    timestamp              DATETIME(6) NOT NULL,
    like_count             BIGINT NULL,
    comments_count         BIGINT NULL,
    fetched_at             DATETIME(6) NOT NULL,
    comments_fetched_at    DATETIME(6) NULL,
    comments_fetched_count BIGINT NULL,
    PRIMARY KEY (account_id, id),
    KEY inbox_media_fetched (fetched_at),
    CONSTRAINT inbox_media_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
