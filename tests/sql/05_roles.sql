-- The database enforces the roles: the dashboards' reader cannot refresh or maintain, cannot
-- read secrets, can log in through check_login; the admin can refresh and maintain.
BEGIN;
SELECT plan(17);

-- pgTAP's own temp tables belong to us, so the role switch happens inside the statement.
CREATE FUNCTION pg_temp.as_role(r text, q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	v text;
BEGIN
	PERFORM set_config('role', r, true);
	EXECUTE q INTO v;
	PERFORM set_config('role', 'none', true);
	RETURN v;
END
$$;

SELECT throws_ok($$SELECT pg_temp.as_role('solardash_reader', 'SELECT count(*) FROM refresh_all_materialized_views()')$$,
	'42501', NULL, 'reader: permission denied from refresh_all_materialized_views');
SELECT throws_ok($$SELECT pg_temp.as_role('solardash_reader', 'SELECT count(*) FROM refresh_materialized_view(''mv_mo_progress'')')$$,
	'42501', NULL, 'reader: permission denied from refresh_materialized_view');
SELECT throws_ok($$SELECT pg_temp.as_role('solardash_reader', 'SELECT count(*) FROM create_monthly_partitions()')$$,
	'42501', NULL, 'reader: permission denied from create_monthly_partitions');
SELECT throws_ok($$SELECT pg_temp.as_role('solardash_reader', 'SELECT count(*) FROM archive_old_partitions(true)')$$,
	'42501', NULL, 'reader: permission denied from archive_old_partitions');
SELECT throws_ok($$SELECT pg_temp.as_role('solardash_reader', 'SELECT secret_hash FROM users LIMIT 1')$$,
	'42501', NULL, 'reader cannot read secret hashes');
SELECT throws_ok($$SELECT pg_temp.as_role('solardash_reader', 'INSERT INTO panels (barcode, type) VALUES (''x'', ''y'') RETURNING 1')$$,
	'42501', NULL, 'reader cannot write panels');
SELECT throws_ok($$SELECT pg_temp.as_role('solardash_reader', 'SELECT count(*) FROM demo_generate(1)')$$,
	'42501', NULL, 'reader cannot run the demo generator');
SELECT is(pg_temp.as_role('solardash_reader', 'SELECT count(*) FROM mv_mo_progress')::int,
	(SELECT count(*)::int FROM mv_mo_progress), 'reader reads the views');
SELECT is(pg_temp.as_role('solardash_reader', 'SELECT count(*) FROM get_view_generations()')::int, 5,
	'reader reads the generations');
SELECT cmp_ok(pg_temp.as_role('solardash_reader', 'SELECT count(*) FROM get_partition_statistics()')::int, '>', 0,
	'reader reads the partition statistics');
SELECT is(pg_temp.as_role('solardash_reader', 'SELECT role FROM check_login(''operator'', ''1234'')'), 'operator',
	'check_login with the right PIN');
SELECT is(pg_temp.as_role('solardash_reader', 'SELECT count(*) FROM check_login(''operator'', ''4321'')'), '0',
	'no row with a wrong PIN');
SELECT is(pg_temp.as_role('solardash_reader', 'SELECT count(*) FROM check_login(''nobody'', ''1234'')'), '0',
	'no row for an unknown user');
SELECT matches((SELECT secret_hash FROM users WHERE username = 'admin'), '^\$2[abxy]\$', 'PINs are stored as bcrypt hashes');

SELECT is(pg_temp.as_role('solardash_admin', 'SELECT count(*) FROM refresh_all_materialized_views(''admin-test'')'), '5',
	'admin refreshes');
SELECT is(pg_temp.as_role('solardash_admin', 'SELECT count(*) FROM create_monthly_partitions() WHERE created'), '0',
	'admin maintains partitions');
SELECT is(pg_temp.as_role('solardash_admin',
	'INSERT INTO cache_performance_metrics (role, query_name, hits) VALUES (''manager'', ''q'', 3) RETURNING hits'), '3',
	'admin writes cache metrics');

SELECT * FROM finish();
ROLLBACK;
