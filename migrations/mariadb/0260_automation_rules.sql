-- Automation rules, per Instagram account (issue 19). The rule as the user
-- wrote it is one JSON document (the create-rule body, validated in core);
-- position orders an account's rules.
CREATE TABLE automation_rules (
    id             BINARY(16) NOT NULL PRIMARY KEY,
    account_id     BINARY(16) NOT NULL,
    position       BIGINT NOT NULL,
    spec           MEDIUMTEXT NOT NULL,
    bound_media_id VARCHAR(64) NULL,
    created_at     DATETIME(6) NOT NULL,
    updated_at     DATETIME(6) NOT NULL,
    UNIQUE KEY automation_rules_position (account_id, position),
    CONSTRAINT automation_rules_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
