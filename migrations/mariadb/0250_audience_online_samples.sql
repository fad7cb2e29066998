-- Instagram's online_followers as given: one [unix time of the UTC hour,
-- followers] pair per hour of each reported day (JSON), so the best-time
-- heatmap is built on the user's clock at read time.
ALTER TABLE audiences ADD COLUMN online_samples LONGTEXT NULL;
