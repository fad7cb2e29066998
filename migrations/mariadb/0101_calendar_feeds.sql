-- One subscribable calendar per account; only the digest of its secret URL
-- is kept (like API tokens).
CREATE TABLE calendar_feeds (
    account_id BINARY(16) NOT NULL PRIMARY KEY,
    owner_id   BINARY(16) NOT NULL,
    digest     CHAR(64) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    UNIQUE KEY calendar_feeds_digest (digest),
    KEY calendar_feeds_owner (owner_id),
    CONSTRAINT calendar_feeds_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT calendar_feeds_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
