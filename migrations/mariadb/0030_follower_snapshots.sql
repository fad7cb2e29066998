-- One row per account per day (the owner's day): followers, following and
-- posts. Kept 729 days.
CREATE TABLE follower_snapshots (
    account_id  BINARY(16) NOT NULL,
    owner_id    BINARY(16) NOT NULL,
    day         DATE NOT NULL,
    followers   BIGINT NULL,
    following   BIGINT NULL,
    media_count BIGINT NULL,
    source      VARCHAR(16) NOT NULL,
    taken_at    DATETIME(6) NOT NULL,
    PRIMARY KEY (account_id, day),
    KEY follower_snapshots_day (day),
    KEY follower_snapshots_owner (owner_id),
    CONSTRAINT follower_snapshots_source CHECK (source IN ('daily', 'backfill')),
    CONSTRAINT follower_snapshots_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT follower_snapshots_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
