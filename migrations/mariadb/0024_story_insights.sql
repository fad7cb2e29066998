-- Raw story metrics from story_insights webhooks (read by analytics).
CREATE TABLE story_insights (
    account_id  BINARY(16) NOT NULL,
    story_id    VARCHAR(64) NOT NULL,
    metric      VARCHAR(64) NOT NULL,
    value       BIGINT NOT NULL,
    received_at DATETIME(6) NOT NULL,
    KEY story_insights_story (account_id, story_id, metric, received_at),
    CONSTRAINT story_insights_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
