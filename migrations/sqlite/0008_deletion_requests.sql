-- Data deletion requests from Meta's callback, kept so the public status page
-- can answer for a confirmation code. The Instagram user id is stored only as
-- a SHA-256 digest.
CREATE TABLE deletion_requests (
    code            TEXT PRIMARY KEY NOT NULL,
    subject_digest  TEXT NOT NULL,
    requested_at    INTEGER NOT NULL,
    completed_at    INTEGER,
    accounts_deleted INTEGER NOT NULL
) STRICT;
