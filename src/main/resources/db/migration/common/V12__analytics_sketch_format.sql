-- The analytics duration sketches are stored in a new format (DurationSketch format 2, read without HdrHistogram).
-- The analytics model is derived from the event store alone: empty it and drop its processor's tokens, and the
-- processor rebuilds it from the first stored event at the next start, as a replay does.
DELETE FROM analytics_step_bucket;
DELETE FROM analytics_process_bucket;
DELETE FROM analytics_series;
DELETE FROM analytics_process;
DELETE FROM token_entry WHERE processor_name = 'analytics';
