-- Where each account's inbox sync stands (issue 18): a full sync asked for
-- (connect), a process's claim on it, the last complete one.
CREATE TABLE inbox_sync_state (
    account_id   BINARY(16) NOT NULL PRIMARY KEY,
    requested_at DATETIME(6) NULL,
    started_at   DATETIME(6) NULL,
    finished_at  DATETIME(6) NULL,
    CONSTRAINT inbox_sync_state_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
