-- Each account's analytics data version: bumped in the same transaction as
-- every write of its follower snapshots, account insights, media metrics or
-- audience, so the Analytics page and API can answer a conditional request
-- (ETag / 304) with one indexed read. No row yet means version 0 (no
-- back-fill needed). Deleted with the account or its owner (privacy policy).
CREATE TABLE analytics_versions (
    account_id BLOB NOT NULL PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    owner_id   BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    version    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX analytics_versions_owner ON analytics_versions(owner_id);
