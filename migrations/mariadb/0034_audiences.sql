-- Each account's latest follower demographics and online hours (JSON).
CREATE TABLE audiences (
    account_id   BINARY(16) NOT NULL PRIMARY KEY,
    owner_id     BINARY(16) NOT NULL,
    fetched_at   DATETIME(6) NOT NULL,
    demographics LONGTEXT NOT NULL,
    online_hours LONGTEXT NULL,
    KEY audiences_owner (owner_id),
    CONSTRAINT audiences_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT audiences_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
