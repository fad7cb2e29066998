-- The privacy policy version (its date) each user last acknowledged.
CREATE TABLE policy_acknowledgements (
    user_id         BINARY(16) NOT NULL PRIMARY KEY,
    version         VARCHAR(32) NOT NULL,
    acknowledged_at DATETIME(6) NOT NULL,
    CONSTRAINT policy_acknowledgements_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
