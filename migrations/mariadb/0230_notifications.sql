-- Notifications (issue 18): what the in-app centre lists and what the
-- worker e-mails. One row per (owner, dedupe key): a producer that runs
-- twice, or on two workers, finds the row taken and adds nothing. The
-- e-mail's delivery state lives on the row (pending → sent | failed), claimed
-- with a lease so two workers never send one e-mail together.
CREATE TABLE notifications (
    id                BINARY(16) NOT NULL PRIMARY KEY,
    owner_id          BINARY(16) NOT NULL,
    account_id        BINARY(16) NULL,
    kind              VARCHAR(32) NOT NULL,
    dedupe_key        VARCHAR(191) NOT NULL,
    subject           VARCHAR(255) NOT NULL,
    link              VARCHAR(1024) NOT NULL,
    figures           TEXT NOT NULL,
    in_app            BOOLEAN NOT NULL,
    created_at        DATETIME(6) NOT NULL,
    read_at           DATETIME(6) NULL,
    email_state       VARCHAR(16) NOT NULL,
    email_due_at      DATETIME(6) NULL,
    email_attempts    INT UNSIGNED NOT NULL DEFAULT 0,
    email_lease_owner VARCHAR(128) NULL,
    email_lease_until DATETIME(6) NULL,
    email_sent_at     DATETIME(6) NULL,
    UNIQUE KEY notifications_dedupe (owner_id, dedupe_key),
    INDEX notifications_owner_time (owner_id, created_at),
    INDEX notifications_email_due (email_state, email_due_at),
    CONSTRAINT notifications_email_state CHECK (email_state IN ('none', 'pending', 'sent', 'failed')),
    CONSTRAINT notifications_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT notifications_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
