-- Per-user notification preferences (issue 18): which kinds appear in the
-- app and which are e-mailed (bit sets), the address e-mails go to, and
-- quiet hours in minutes after the user's local midnight.
CREATE TABLE notification_prefs (
    owner_id      BLOB NOT NULL PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    in_app_kinds  INTEGER NOT NULL,
    email_kinds   INTEGER NOT NULL,
    email_address TEXT,
    quiet_start   INTEGER CHECK (quiet_start BETWEEN 0 AND 1439),
    quiet_end     INTEGER CHECK (quiet_end BETWEEN 0 AND 1439),
    updated_at    INTEGER NOT NULL
) STRICT;
