-- Each user's IANA time zone; scheduled times are entered in it.
ALTER TABLE users ADD COLUMN time_zone VARCHAR(64) NOT NULL DEFAULT 'UTC' AFTER language;
