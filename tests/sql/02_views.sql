-- Each view's numbers equal the same aggregate computed from the base tables (refreshed in
-- this transaction, so now() and current_date are the same on both sides).
BEGIN;
SELECT plan(12);

SELECT cmp_ok((SELECT count(*) FROM panels), '>=', 1000::bigint, 'the demo made panels');
SELECT lives_ok($$SELECT * FROM refresh_all_materialized_views('test')$$, 'refresh all');

SELECT results_eq(
	'SELECT status, panel_count, avg_processing_hours, earliest_panel, latest_update FROM mv_panel_status_summary ORDER BY status',
	$$SELECT status, count(*), round(avg(extract(epoch FROM updated_at - created_at) / 3600)::numeric, 2),
		min(created_at), max(updated_at) FROM panels GROUP BY status ORDER BY status$$,
	'mv_panel_status_summary equals the aggregate over panels');

SELECT results_eq(
	'SELECT station_id, total_inspections, passed_inspections, pass_rate FROM mv_station_performance ORDER BY station_id',
	$$SELECT s.id, count(i.id), count(i.id) FILTER (WHERE i.result = 'PASS'),
		CASE WHEN count(i.id) = 0 THEN NULL
			ELSE round(100.0 * count(i.id) FILTER (WHERE i.result = 'PASS') / count(i.id), 2) END
	  FROM stations s LEFT JOIN inspections i ON i.station_id = s.id GROUP BY s.id ORDER BY s.id$$,
	'mv_station_performance equals the aggregate over inspections');

SELECT is((SELECT count(*)::int FROM mv_station_performance WHERE pass_rate IS NULL AND total_inspections = 0), 5,
	'stations without inspections have a NULL pass rate, not a division error');

SELECT results_eq(
	'SELECT mo_id, total_panels, completed_panels, completion_percentage FROM mv_mo_progress ORDER BY mo_id',
	$$SELECT mo.id, count(p.id), count(p.id) FILTER (WHERE p.status = 'completed'),
		CASE WHEN count(p.id) = 0 THEN 0
			ELSE round(100.0 * count(p.id) FILTER (WHERE p.status = 'completed') / count(p.id), 2) END
	  FROM manufacturing_orders mo LEFT JOIN panels p ON p.manufacturing_order_id = mo.id
	  GROUP BY mo.id ORDER BY mo.id$$,
	'mv_mo_progress equals the aggregate over orders and panels');

SELECT results_eq(
	'SELECT inspection_day, station_type, total_inspections, passed_inspections, daily_pass_rate FROM mv_quality_metrics ORDER BY 1, 2',
	$$SELECT (i.inspection_date AT TIME ZONE 'UTC')::date, s.station_type, count(*), count(*) FILTER (WHERE i.result = 'PASS'),
		round(100.0 * count(*) FILTER (WHERE i.result = 'PASS') / count(*), 2)
	  FROM inspections i JOIN stations s ON s.id = i.station_id
	  WHERE i.inspection_date >= ((now() AT TIME ZONE 'UTC')::date - 30)::timestamp AT TIME ZONE 'UTC'
	  GROUP BY 1, 2 ORDER BY 1, 2$$,
	'mv_quality_metrics equals the last 30 days of inspections (UTC days by default)');

-- In the factory's time zone, whatever the session's TimeZone.
SET LOCAL TimeZone = 'America/Los_Angeles';
SET LOCAL solardash.timezone = 'Asia/Shanghai';
SELECT lives_ok($$SELECT * FROM refresh_materialized_view('mv_quality_metrics', 'test')$$, 'refresh in another zone');
SELECT results_eq(
	'SELECT inspection_day, total_inspections FROM mv_quality_metrics ORDER BY 1, station_type',
	$$SELECT (i.inspection_date AT TIME ZONE 'Asia/Shanghai')::date, count(*)
	  FROM inspections i JOIN stations s ON s.id = i.station_id
	  WHERE i.inspection_date >= ((now() AT TIME ZONE 'Asia/Shanghai')::date - 30)::timestamp AT TIME ZONE 'Asia/Shanghai'
	  GROUP BY 1, s.station_type ORDER BY 1, s.station_type$$,
	'mv_quality_metrics days follow solardash.timezone, not the session TimeZone');
RESET TimeZone;

SELECT results_eq(
	'SELECT status, station_type, panels_at_station, avg_hours_at_station FROM mv_workflow_efficiency ORDER BY 1, 2',
	$$SELECT p.status, coalesce(s.station_type, 'none'), count(*),
		round(avg(extract(epoch FROM now() - p.updated_at) / 3600)::numeric, 2)
	  FROM panels p LEFT JOIN stations s ON s.id = p.current_station_id GROUP BY 1, 2 ORDER BY 1, 2$$,
	'mv_workflow_efficiency equals the aggregate over panels');

-- After a new inspection and a refresh, the view follows.
INSERT INTO inspections (panel_id, station_id, result, inspection_date)
SELECT id, 2, 'FAIL', now() FROM panels LIMIT 1;
SELECT lives_ok($$SELECT * FROM refresh_materialized_view('mv_station_performance', 'test')$$, 'refresh one view');
SELECT is((SELECT total_inspections FROM mv_station_performance WHERE station_id = 2), 1::bigint,
	'a new inspection shows after refresh_materialized_view');

SELECT * FROM finish();
ROLLBACK;
