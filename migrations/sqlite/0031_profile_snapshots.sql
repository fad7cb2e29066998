-- The whole profile as fetched (JSON), kept 30 days.
CREATE TABLE profile_snapshots (
    id          BLOB PRIMARY KEY NOT NULL,
    account_id  BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    owner_id    BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    taken_at    INTEGER NOT NULL,
    profile     TEXT NOT NULL
) STRICT;
CREATE INDEX profile_snapshots_account ON profile_snapshots(account_id, taken_at);
CREATE INDEX profile_snapshots_taken ON profile_snapshots(taken_at);
