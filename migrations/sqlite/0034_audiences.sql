-- Each account's latest follower demographics and online hours (JSON).
CREATE TABLE audiences (
    account_id   BLOB PRIMARY KEY NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    owner_id     BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    fetched_at   INTEGER NOT NULL,
    demographics TEXT NOT NULL,
    online_hours TEXT
) STRICT;
