-- Data deletion requests from Meta's callback, kept so the public status page
-- can answer for a confirmation code. The Instagram user id is stored only as
-- a SHA-256 digest.
CREATE TABLE deletion_requests (
    code             VARCHAR(64) NOT NULL PRIMARY KEY,
    subject_digest   CHAR(64) NOT NULL,
    requested_at     DATETIME(6) NOT NULL,
    completed_at     DATETIME(6) NULL,
    accounts_deleted BIGINT NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
