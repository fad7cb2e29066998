-- Each account's analytics data version: bumped in the same transaction as
-- every write of its follower snapshots, account insights, media metrics or
-- audience, so the Analytics page and API can answer a conditional request
-- (ETag / 304) with one indexed read. No row yet means version 0 (no
-- back-fill needed). Deleted with the account or its owner (privacy policy).
CREATE TABLE analytics_versions (
    account_id BINARY(16) NOT NULL PRIMARY KEY,
    owner_id   BINARY(16) NOT NULL,
    version    BIGINT NOT NULL,
    KEY analytics_versions_owner (owner_id),
    CONSTRAINT analytics_versions_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT analytics_versions_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
