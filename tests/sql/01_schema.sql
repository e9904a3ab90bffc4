-- The schema as the contract says: partitioned tables with DEFAULT partitions, primary keys
-- containing the partition key, the five views with their unique indexes, the migration record.
BEGIN;
SELECT plan(28);

SELECT is((SELECT count(*)::int FROM schema_migrations), 18, 'eighteen migrations recorded');
SELECT ok((SELECT bool_and(checksum ~ '^[0-9a-f]{32}$') FROM schema_migrations), 'with md5 checksums');

SELECT is((SELECT partstrat::text FROM pg_partitioned_table WHERE partrelid = t::regclass), 'r',
	t || ' is range partitioned')
FROM unnest(ARRAY['panels', 'inspections', 'manufacturing_orders']) t;

SELECT is((SELECT (partition_key(t::regclass)).key_column::text), k, t || ' is partitioned by ' || k)
FROM (VALUES ('panels', 'created_at'), ('inspections', 'inspection_date'),
	('manufacturing_orders', 'start_date')) v (t, k);

SELECT is((SELECT count(*)::int FROM partition_bounds(t::regclass) WHERE is_default), 1,
	t || ' has one DEFAULT partition')
FROM unnest(ARRAY['panels', 'inspections', 'manufacturing_orders']) t;

SELECT col_is_pk('panels', ARRAY['id', 'created_at'], 'panels PK is (id, created_at)');
SELECT col_is_pk('inspections', ARRAY['id', 'inspection_date'], 'inspections PK is (id, inspection_date)');
SELECT col_is_pk('manufacturing_orders', ARRAY['id', 'start_date'], 'orders PK is (id, start_date)');

SELECT ok((SELECT c.relispopulated FROM pg_class c WHERE c.oid = v::regclass), v || ' is populated')
FROM unnest(ARRAY['mv_panel_status_summary', 'mv_station_performance', 'mv_mo_progress',
	'mv_quality_metrics', 'mv_workflow_efficiency']) v;

-- A unique index without WHERE and without expressions, as REFRESH CONCURRENTLY needs.
SELECT ok(EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = v::regclass AND i.indisunique
		AND i.indpred IS NULL AND i.indexprs IS NULL),
	v || ' has a plain unique index')
FROM unnest(ARRAY['mv_panel_status_summary', 'mv_station_performance', 'mv_mo_progress',
	'mv_quality_metrics', 'mv_workflow_efficiency']) v;

SELECT has_role('solardash_reader');
SELECT has_role('solardash_admin');
SELECT is_member_of('solardash_reader', 'solardash_admin', 'admin is a member of reader');

SELECT ok((SELECT prosecdef AND proconfig::text LIKE '%search_path=pg_catalog, public, pg_temp%'
	FROM pg_proc WHERE proname = 'check_login'), 'check_login is SECURITY DEFINER with a fixed search_path');

SELECT * FROM finish();
ROLLBACK;
