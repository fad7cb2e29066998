-- Instagram containers created per account (400 per rolling 24 h): the
-- publisher records each; rows older than a day are removed as new ones come.
CREATE TABLE container_uses (
    account_id BINARY(16) NOT NULL,
    post_id    BINARY(16) NOT NULL,
    n          INT UNSIGNED NOT NULL,
    created_at DATETIME(6) NOT NULL,
    KEY container_uses_account_time (account_id, created_at),
    CONSTRAINT container_uses_account FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
