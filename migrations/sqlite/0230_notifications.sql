-- Notifications (issue 18): what the in-app centre lists and what the
-- worker e-mails. One row per (owner, dedupe key): a producer that runs
-- twice, or on two workers, finds the row taken and adds nothing. The
-- e-mail's delivery state lives on the row (pending → sent | failed), claimed
-- with a lease so two workers never send one e-mail together.
CREATE TABLE notifications (
    id                BLOB NOT NULL PRIMARY KEY,
    owner_id          BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    account_id        BLOB REFERENCES accounts(id) ON DELETE CASCADE,
    kind              TEXT NOT NULL,
    dedupe_key        TEXT NOT NULL,
    subject           TEXT NOT NULL,
    link              TEXT NOT NULL,
    figures           TEXT NOT NULL,
    in_app            INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    read_at           INTEGER,
    email_state       TEXT NOT NULL CHECK (email_state IN ('none', 'pending', 'sent', 'failed')),
    email_due_at      INTEGER,
    email_attempts    INTEGER NOT NULL DEFAULT 0,
    email_lease_owner TEXT,
    email_lease_until INTEGER,
    email_sent_at     INTEGER,
    UNIQUE (owner_id, dedupe_key)
) STRICT;
CREATE INDEX notifications_owner_time ON notifications (owner_id, created_at);
CREATE INDEX notifications_email_due ON notifications (email_state, email_due_at);
