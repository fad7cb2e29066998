-- Automation rules, per Instagram account (issue 19). The rule as the user
-- wrote it is one JSON document (the create-rule body, validated in core);
-- position orders an account's rules.
CREATE TABLE automation_rules (
    id             BLOB NOT NULL PRIMARY KEY,
    account_id     BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    spec           TEXT NOT NULL,
    bound_media_id TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (account_id, position)
) STRICT;
