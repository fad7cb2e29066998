-- Per-user notification preferences (issue 18): which kinds appear in the
-- app and which are e-mailed (bit sets), the address e-mails go to, and
-- quiet hours in minutes after the user's local midnight.
CREATE TABLE notification_prefs (
    owner_id      BINARY(16) NOT NULL PRIMARY KEY,
    in_app_kinds  INT UNSIGNED NOT NULL,
    email_kinds   INT UNSIGNED NOT NULL,
    email_address VARCHAR(254) NULL,
    quiet_start   SMALLINT NULL,
    quiet_end     SMALLINT NULL,
    updated_at    DATETIME(6) NOT NULL,
    CONSTRAINT notification_prefs_start CHECK (quiet_start BETWEEN 0 AND 1439),
    CONSTRAINT notification_prefs_end CHECK (quiet_end BETWEEN 0 AND 1439),
    CONSTRAINT notification_prefs_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
