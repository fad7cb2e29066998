-- The whole profile as fetched (JSON), kept 30 days.
CREATE TABLE profile_snapshots (
    id          BINARY(16) NOT NULL PRIMARY KEY,
    account_id  BINARY(16) NOT NULL,
    owner_id    BINARY(16) NOT NULL,
    taken_at    DATETIME(6) NOT NULL,
    profile     LONGTEXT NOT NULL,
    KEY profile_snapshots_account (account_id, taken_at),
    KEY profile_snapshots_taken (taken_at),
    KEY profile_snapshots_owner (owner_id),
    CONSTRAINT profile_snapshots_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT profile_snapshots_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
