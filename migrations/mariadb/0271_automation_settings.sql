-- Per-account automation switch and caps (issue 19); no row: running with
-- the default caps.
CREATE TABLE automation_settings (
    account_id BINARY(16) NOT NULL PRIMARY KEY,
    paused     VARCHAR(16) NULL,
    hourly_cap BIGINT NOT NULL,
    daily_cap  BIGINT NOT NULL,
    CONSTRAINT automation_settings_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
