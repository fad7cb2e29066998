-- The worker's claim (issue 20, goal 5): posts whose lease ran out (their
-- worker died holding them) are taken before fresh due posts, and fresh
-- ones are read in due order; one index serves both reads.
CREATE INDEX posts_claim ON posts (lease_until, next_action_at);
