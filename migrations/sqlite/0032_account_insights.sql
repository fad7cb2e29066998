-- Account insights per day; NULL is "not available", never zero.
CREATE TABLE account_insights (
    account_id         BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    owner_id           BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day                TEXT NOT NULL,
    reach              INTEGER,
    views              INTEGER,
    accounts_engaged   INTEGER,
    total_interactions INTEGER,
    profile_activity   INTEGER,
    fetched_at         INTEGER NOT NULL,
    PRIMARY KEY (account_id, day)
) STRICT, WITHOUT ROWID;
