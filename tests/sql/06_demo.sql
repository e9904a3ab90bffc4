-- The demo factory loaded from the real CEC catalogue (scale 0.02 by tests/test_sql.sh).
BEGIN;
SELECT plan(17);

SELECT is((SELECT count(*)::int FROM module_catalog), 16830, 'all 16,830 real models loaded');
SELECT results_eq($$SELECT technology, cells, stc_w, voc_v, isc_a, area_m2 FROM module_catalog
	WHERE model = 'Trina Solar TSM-300DD05A(II)'$$,
	$$VALUES ('Mono-c-Si'::text, 60, 299.594::numeric, 39.9::numeric, 9.64::numeric, 1.637::numeric)$$,
	'the known Trina Solar row is there with its real figures');
SELECT is((SELECT count(*)::int FROM panels), 1000, 'scale 0.02 makes 1,000 panels');
SELECT is(ARRAY(SELECT name FROM stations ORDER BY position),
	ARRAY['Stringer 1', 'Layup 1', 'Pre-lamination EL', 'Laminator 1', 'Framing & J-box',
		'Hi-pot tester', 'Flash tester', 'Final EL', 'Packing'], 'the real line of stations');
SELECT bag_has($$SELECT username, role FROM users$$,
	$$VALUES ('operator', 'operator'), ('supervisor', 'supervisor'), ('manager', 'manager'), ('admin', 'admin')$$,
	'the four demo users');
SELECT ok((SELECT min(start_date) <= (now() - interval '13 months')::date FROM manufacturing_orders),
	'orders go back 14 months');
SELECT ok(EXISTS (SELECT 1 FROM manufacturing_orders WHERE status = 'in_progress'), 'an order is in progress');
SELECT is((SELECT count(*)::int FROM mv_mo_progress WHERE status = 'in_progress'
	AND completion_percentage < 100 AND expected_completion_date < (now() AT TIME ZONE factory_timezone())::date), 1,
	'one order in progress is past its due date (the board shows a late order)');
SELECT is((SELECT count(*)::int FROM panels WHERE current_station_id IS NOT NULL
	AND status <> 'in_progress' AND updated_at < now() - interval '3 days'), 0,
	'failures older than two days have left the line (repaired or scrapped)');
SELECT ok((SELECT count(*) FROM panels WHERE status = 'scrapped') BETWEEN 1 AND 50,
	'a few panels were scrapped');
SELECT ok((SELECT bool_and(p.type = p.specifications->>'model' AND c.stc_w = (p.specifications->>'stc_w')::numeric
	AND c.voc_v = (p.specifications->>'voc_v')::numeric AND c.area_m2 = (p.specifications->>'area_m2')::numeric)
	FROM panels p JOIN module_catalog c ON c.model = p.type), 'specifications carry the real catalogue figures');
SELECT ok((SELECT bool_and((specifications->>'power_bin_w')::numeric % 5 = 0) FROM panels
	WHERE specifications ? 'power_bin_w'), 'flash-test power bins are 5 W steps');
SELECT ok((SELECT count(*) FILTER (WHERE result = 'FAIL') * 100.0 / count(DISTINCT panel_id) BETWEEN 1 AND 10
	FROM inspections), 'a few percent of panels fail an inspection');
SELECT ok((SELECT count(*) FILTER (WHERE s.station_type = 'el_inspection') * 2 > count(*)
	FROM inspections i JOIN stations s ON s.id = i.station_id WHERE i.result = 'FAIL'), 'most failures are at EL');
SELECT is((SELECT notes FROM inspections i JOIN stations s ON s.id = i.station_id
	WHERE i.result = 'FAIL' AND s.station_type = 'el_inspection' GROUP BY notes ORDER BY count(*) DESC LIMIT 1),
	'micro-crack', 'micro-cracks are the largest share of EL findings');
SELECT is((SELECT count(*)::int FROM panels WHERE tableoid = 'panels_default'::regclass)
	+ (SELECT count(*)::int FROM inspections WHERE tableoid = 'inspections_default'::regclass), 0,
	'nothing in the DEFAULT partitions');
SELECT ok((SELECT max(inspection_date) <= now() AND max(created_at) <= now() FROM inspections), 'nothing in the future');

SELECT * FROM finish();
ROLLBACK;
