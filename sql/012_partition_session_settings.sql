-- 012: partition maintenance gives the same answer whatever the session's DateStyle and
-- TimeZone. partition_bounds() reads the bounds back as text from pg_get_expr(), which writes
-- timestamptz constants in the session's DateStyle and TimeZone; with a non-ISO DateStyle
-- ('SQL, DMY', 'German', 'Postgres') the zone comes out as an abbreviation, and abbreviations
-- are ambiguous: IST is read back as Israel time, not India's. Under PGTZ=Asia/Kolkata and
-- PGDATESTYLE='SQL, DMY' the bounds were read one hour off, every existing partition seemed
-- to overlap the next one, and create_monthly_partitions() (so db migrate 002, db demo and
-- the daily job) failed with "it overlaps". Pinning ISO and UTC inside these functions makes
-- the text round-trip exact and the reported bounds read '2025-01-01 00:00:00+00' always.
-- Callers' own arguments are unaffected: a timestamptz argument is an instant before the call.
ALTER FUNCTION partition_bound_utc(text, regtype) SET DateStyle = 'ISO, YMD' SET TimeZone = 'UTC';
ALTER FUNCTION partition_bounds(regclass) SET DateStyle = 'ISO, YMD' SET TimeZone = 'UTC';
ALTER FUNCTION partition_runway_end(regclass) SET DateStyle = 'ISO, YMD' SET TimeZone = 'UTC';
ALTER FUNCTION create_partition(regclass, timestamp, timestamp)
	SET DateStyle = 'ISO, YMD' SET TimeZone = 'UTC';
ALTER FUNCTION create_partitions_between(timestamptz, timestamptz)
	SET DateStyle = 'ISO, YMD' SET TimeZone = 'UTC';
ALTER FUNCTION create_monthly_partitions(int) SET DateStyle = 'ISO, YMD' SET TimeZone = 'UTC';
ALTER FUNCTION archive_old_partitions(bool, text, int) SET DateStyle = 'ISO, YMD' SET TimeZone = 'UTC';
ALTER FUNCTION get_partition_statistics() SET DateStyle = 'ISO, YMD' SET TimeZone = 'UTC';
