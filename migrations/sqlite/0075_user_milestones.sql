-- One-time moments of each user (first sign-in, inbox opened, onboarding
-- checklist completed); the name is the milestone, the first time is kept.
CREATE TABLE user_milestones (
    user_id    BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    milestone  TEXT NOT NULL,
    reached_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, milestone)
) STRICT;
