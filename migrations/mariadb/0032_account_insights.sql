-- Account insights per day; NULL is "not available", never zero.
CREATE TABLE account_insights (
    account_id         BINARY(16) NOT NULL,
    owner_id           BINARY(16) NOT NULL,
    day                DATE NOT NULL,
    reach              BIGINT NULL,
    views              BIGINT NULL,
    accounts_engaged   BIGINT NULL,
    total_interactions BIGINT NULL,
    profile_activity   BIGINT NULL,
    fetched_at         DATETIME(6) NOT NULL,
    PRIMARY KEY (account_id, day),
    KEY account_insights_owner (owner_id),
    CONSTRAINT account_insights_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT account_insights_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
