-- Partition maintenance under a client's DateStyle and TimeZone: the bounds are read back from
-- pg_get_expr() as text, and with a non-ISO DateStyle the zone is an abbreviation (IST is
-- Israel's to the parser, not India's). Before 012 every call below failed with "it overlaps".
BEGIN;
SELECT plan(10);

-- What the functions answer in ISO / UTC, to compare with below.
SET LOCAL DateStyle = 'ISO, YMD';
SET LOCAL TimeZone = 'UTC';
CREATE TEMP TABLE stats_iso AS SELECT parent, partition, range_from, range_to, is_default, runway_months
	FROM get_partition_statistics();
CREATE TEMP TABLE archive_iso AS SELECT * FROM archive_old_partitions(true, 'sd_test_archive');

SET LOCAL DateStyle = 'SQL, DMY';
SET LOCAL TimeZone = 'Asia/Kolkata';
SELECT lives_ok($$SELECT * FROM create_monthly_partitions()$$,
	'create_monthly_partitions under DateStyle SQL, DMY and TimeZone Asia/Kolkata');
SELECT is((SELECT count(*)::int FROM create_monthly_partitions() WHERE created), 0,
	'finds the existing partitions by their bounds: nothing to create');
SELECT set_eq($$SELECT parent, partition, range_from, range_to, is_default, runway_months FROM get_partition_statistics()$$,
	$$SELECT * FROM stats_iso$$, 'get_partition_statistics answers as in ISO / UTC (bounds, runway)');
SELECT is((SELECT range_from FROM get_partition_statistics() WHERE parent = 'panels' AND NOT is_default
	ORDER BY range_from LIMIT 1) ~ '^\d{4}-\d\d-01 00:00:00\+00$', true, 'bounds are reported as ISO UTC instants');

SELECT lives_ok($$SELECT * FROM create_partitions_between('2023-01-10 00:00:00+00', '2023-02-10 00:00:00+00')$$,
	'past partitions under the same settings');
SELECT is((SELECT range_from || ' .. ' || range_to FROM create_partitions_between('2023-01-10 00:00:00+00', '2023-01-10 00:00:00+00')
	WHERE parent = 'panels'), '2023-01-01 00:00:00 .. 2023-02-01 00:00:00', 'reported as ISO, not 01/01/2023');
INSERT INTO panels (id, barcode, type, created_at) VALUES
	('00000000-0000-0000-0000-0000000000b1', 'T-B1', 'm', '2023-01-31 23:59:59.999999+00'),
	('00000000-0000-0000-0000-0000000000b2', 'T-B2', 'm', '2023-02-01 00:00:00+00');
SELECT is((SELECT tableoid::regclass::text FROM panels WHERE barcode = 'T-B1'), 'panels_p2023_01',
	'the last microsecond of January (UTC) is in January, whatever the session zone');
SELECT is((SELECT tableoid::regclass::text FROM panels WHERE barcode = 'T-B2'), 'panels_p2023_02', 'and then February');
SELECT throws_ok($$SELECT * FROM create_partition('panels', '2023-01-15', '2023-02-15')$$, '42P17', NULL,
	'a real overlap is still refused');

SET LOCAL DateStyle = 'German';
SELECT set_eq($$SELECT * FROM archive_old_partitions(true, 'sd_test_archive')
	WHERE partition NOT IN ('panels_p2023_01', 'panels_p2023_02', 'inspections_p2023_01', 'inspections_p2023_02', 'manufacturing_orders_p2023_q1')$$,
	$$SELECT * FROM archive_iso$$, 'the archive dry run picks the same partitions under DateStyle German');

SELECT * FROM finish();
ROLLBACK;
