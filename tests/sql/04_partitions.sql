-- Partition maintenance: created ahead and idempotent, decided by bounds, rows beyond every
-- partition land in DEFAULT and are reported (and moved out by a later partition), month and
-- leap-day boundaries, odd identifiers, archiving with its dry run and missing tablespace.
BEGIN;
SELECT plan(33);

SELECT is((SELECT count(*)::int FROM create_monthly_partitions() WHERE created), 0,
	'after migrate + demo the next 6 months exist: nothing to create');
SELECT is((SELECT count(*)::int FROM create_monthly_partitions() WHERE parent = 'panels'), 7,
	'this month and 6 ahead for panels');
SELECT cmp_ok((SELECT count(*)::int FROM create_monthly_partitions(12) WHERE created AND parent = 'panels'), '>=', 6,
	'12 months ahead creates the missing ones');
SELECT is((SELECT count(*)::int FROM create_monthly_partitions(12) WHERE created), 0,
	'and a second call creates nothing');
SELECT cmp_ok((SELECT min(runway_months) FROM get_partition_statistics() WHERE parent = 'panels'), '>=', 12,
	'runway reported in months');
SELECT is((SELECT min(runway_months) FROM get_partition_statistics() WHERE parent = 'panels'), 12,
	'this month and 12 ahead: 12 months of runway');
SELECT lives_ok($$SELECT * FROM create_partitions_between('2035-03-01', '2035-03-02')$$,
	'a lone far-future partition');
SELECT is((SELECT max(runway_months) FROM get_partition_statistics() WHERE parent = 'panels'), 12,
	'is not runway: only partitions without a gap from today count');
SELECT throws_ok($$SELECT * FROM create_monthly_partitions(-1)$$, '22023', NULL,
	'a negative number of months is refused');

-- Boundaries: the last microsecond of a month, the first of the next, 29 February.
SELECT lives_ok($$SELECT * FROM create_partitions_between('2024-01-15', '2025-03-15')$$, 'past partitions');
INSERT INTO manufacturing_orders (id, order_number, start_date, expected_completion_date, module_model, quantity)
VALUES ('00000000-0000-0000-0000-000000000001', 'T-1', '2024-03-31', '2024-04-30', 'm', 10),
	('00000000-0000-0000-0000-000000000002', 'T-2', '2024-04-01', '2024-04-30', 'm', 10);
INSERT INTO panels (id, barcode, type, created_at) VALUES
	('00000000-0000-0000-0000-0000000000a1', 'T-A1', 'm', '2025-01-31 23:59:59.999999+00'),
	('00000000-0000-0000-0000-0000000000a2', 'T-A2', 'm', '2025-02-01 00:00:00+00'),
	('00000000-0000-0000-0000-0000000000a3', 'T-A3', 'm', '2024-02-29 12:00:00+00'),
	('00000000-0000-0000-0000-0000000000a4', 'T-A4', 'm', '2099-06-01 00:00:00+00');
INSERT INTO inspections (panel_id, station_id, result, inspection_date) VALUES
	('00000000-0000-0000-0000-0000000000a3', 1, 'PASS', '2024-02-29 23:59:59.999999+00'),
	('00000000-0000-0000-0000-0000000000a3', 1, 'PASS', '2024-03-01 00:00:00+00');
SELECT is((SELECT tableoid::regclass::text FROM panels WHERE barcode = 'T-A1'), 'panels_p2025_01', 'last microsecond of January stays in January');
SELECT is((SELECT tableoid::regclass::text FROM panels WHERE barcode = 'T-A2'), 'panels_p2025_02', 'first instant of February is February');
SELECT is((SELECT tableoid::regclass::text FROM panels WHERE barcode = 'T-A3'), 'panels_p2024_02', '29 February 2024 has its place');
SELECT is((SELECT tableoid::regclass::text FROM inspections WHERE inspection_date = '2024-02-29 23:59:59.999999+00'),
	'inspections_p2024_02', 'last microsecond of a leap February');
SELECT is((SELECT tableoid::regclass::text FROM inspections WHERE inspection_date = '2024-03-01 00:00:00+00'),
	'inspections_p2024_03', 'then March');
SELECT is((SELECT tableoid::regclass::text FROM manufacturing_orders WHERE order_number = 'T-1'),
	'manufacturing_orders_p2024_q1', '31 March is the first quarter');
SELECT is((SELECT tableoid::regclass::text FROM manufacturing_orders WHERE order_number = 'T-2'),
	'manufacturing_orders_p2024_q2', '1 April the second');

-- Beyond every partition: DEFAULT, reported, and moved out when its partition comes.
SELECT is((SELECT tableoid::regclass::text FROM panels WHERE barcode = 'T-A4'), 'panels_default', 'a row in 2099 lands in DEFAULT');
SELECT is((SELECT row_count FROM get_partition_statistics() WHERE parent = 'panels' AND is_default), 1::bigint,
	'and get_partition_statistics reports it');
SELECT lives_ok($$SELECT * FROM create_partitions_between('2099-06-01', '2099-06-01')$$, 'its partition is created later');
SELECT is((SELECT tableoid::regclass::text FROM panels WHERE barcode = 'T-A4'), 'panels_p2099_06', 'the row moved out of DEFAULT');
SELECT is((SELECT count(*)::int FROM panel_registry WHERE barcode = 'T-A4'), 1, 'its registry row is untouched');
SELECT throws_ok($$SELECT * FROM create_partition('panels', '2099-06-15', '2099-07-15')$$, '42P17', NULL,
	'an overlapping range is refused');
SELECT throws_ok($$INSERT INTO panels (barcode, type) VALUES ('T-A1', 'm')$$, '23505', NULL,
	'a barcode is unique across partitions');

-- Odd identifiers are quoted everywhere.
CREATE TABLE "Odd ""name""; x" (id int, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);
INSERT INTO partition_policy VALUES ('"Odd ""name""; x"', 1, 12);
SELECT is((SELECT count(*)::int FROM create_monthly_partitions() WHERE parent = '"Odd ""name""; x"' AND created), 7,
	'partitions of an oddly named table');
SELECT ok(to_regclass('"Odd ""name""; x_p' || to_char(now() AT TIME ZONE 'UTC', 'YYYY_MM') || '"') IS NOT NULL,
	'named with the odd name, quoted');
-- A schema whose name needs quotes: the schema is quoted once, not twice (fixed in 016).
CREATE SCHEMA "Odd s";
CREATE TABLE "Odd s".t (id int, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);
INSERT INTO partition_policy VALUES ('"Odd s".t', 1, 12);
SELECT is((SELECT count(*)::int FROM create_monthly_partitions() WHERE parent = '"Odd s".t' AND created), 7,
	'partitions of a table in an oddly named schema');
SELECT ok(to_regclass('"Odd s".t_p' || to_char(now() AT TIME ZONE 'UTC', 'YYYY_MM')) IS NOT NULL,
	'created in that schema');

-- Archive: dry run moves nothing; a missing tablespace is named; a real run moves tables and indexes.
SELECT cmp_ok((SELECT count(*)::int FROM archive_old_partitions(true, 'sd_test_archive') WHERE action LIKE 'would move%'), '>', 0,
	'the dry run lists old partitions');
SELECT is((SELECT count(*)::int FROM pg_class WHERE reltablespace = (SELECT oid FROM pg_tablespace WHERE spcname = 'sd_test_archive')), 0,
	'and moves nothing');
SELECT throws_ok($$SELECT * FROM archive_old_partitions(false, 'no_such_ts')$$, '42704',
	'archive tablespace "no_such_ts" does not exist', 'a missing tablespace is named');
CREATE TEMP TABLE moved AS SELECT * FROM archive_old_partitions(false, 'sd_test_archive');
SELECT ok((SELECT count(*) > 0 AND bool_and(action LIKE 'moved table and %') FROM moved), 'old partitions moved');
SELECT is((SELECT count(*)::int FROM moved m JOIN pg_class c ON c.oid = m.partition::regclass
		LEFT JOIN pg_index i ON i.indrelid = c.oid LEFT JOIN pg_class ic ON ic.oid = i.indexrelid
		WHERE c.reltablespace IS DISTINCT FROM (SELECT oid FROM pg_tablespace WHERE spcname = 'sd_test_archive')
		   OR ic.reltablespace IS DISTINCT FROM (SELECT oid FROM pg_tablespace WHERE spcname = 'sd_test_archive')), 0,
	'tables and all their indexes are in the archive tablespace');

SELECT * FROM finish();
ROLLBACK;
