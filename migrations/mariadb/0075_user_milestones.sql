-- One-time moments of each user (first sign-in, inbox opened, onboarding
-- checklist completed); the name is the milestone, the first time is kept.
CREATE TABLE user_milestones (
    user_id    BINARY(16) NOT NULL,
    milestone  VARCHAR(32) NOT NULL,
    reached_at DATETIME(6) NOT NULL,
    PRIMARY KEY (user_id, milestone),
    CONSTRAINT user_milestones_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
