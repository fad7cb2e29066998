-- One row per account per day (the owner's day): followers, following and
-- posts. Kept 729 days.
CREATE TABLE follower_snapshots (
    account_id  BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    owner_id    BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day         TEXT NOT NULL,
    followers   INTEGER,
    following   INTEGER,
    media_count INTEGER,
    source      TEXT NOT NULL CHECK (source IN ('daily', 'backfill')),
    taken_at    INTEGER NOT NULL,
    PRIMARY KEY (account_id, day)
) STRICT, WITHOUT ROWID;
CREATE INDEX follower_snapshots_day ON follower_snapshots(day);
