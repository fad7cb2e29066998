-- What open inbox pages are told (issue 18): pointers (kind, account,
-- Instagram id), never text; kept for minutes.
CREATE TABLE inbox_events (
    seq        BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    owner_id   BINARY(16) NOT NULL,
    account_id BINARY(16) NOT NULL,
    kind       VARCHAR(16) NOT NULL,
    item_id    VARCHAR(255) NULL,
    created_at DATETIME(6) NOT NULL,
    KEY inbox_events_owner (owner_id, seq),
    KEY inbox_events_created (created_at),
    CONSTRAINT inbox_events_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT inbox_events_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
