-- Refresh bookkeeping: generations grow, every view is logged, a failing view is logged with
-- its error and does not stop the others, unknown names are refused.
BEGIN;
SELECT plan(13);

CREATE TEMP TABLE gen_before AS SELECT * FROM get_view_generations();
CREATE TEMP TABLE r1 AS SELECT * FROM refresh_all_materialized_views('pgtap');
SELECT is((SELECT count(*)::int FROM r1 WHERE success), 5, 'all five views refreshed');
SELECT ok((SELECT bool_and(g.generation = b.generation + 1) FROM get_view_generations() g
	JOIN gen_before b USING (view_name)), 'each generation grew by one');
SELECT is((SELECT count(*)::int FROM materialized_view_refresh_log
	WHERE triggered_by = 'pgtap' AND success AND duration_ms >= 0 AND row_count IS NOT NULL), 5,
	'five log rows with duration and row count');
SELECT ok((SELECT bool_and(s.last_refresh IS NOT NULL) FROM materialized_view_state s), 'last_refresh is set');
-- triggered_by is the caller's word; the database login beside it is not (016).
SELECT is((SELECT count(*)::int FROM materialized_view_refresh_log
	WHERE triggered_by = 'pgtap' AND db_user = session_user::text), 5, 'the log names the database login too');

-- A view that cannot be refreshed concurrently (no unique index) fails; the others go on.
CREATE MATERIALIZED VIEW mv_broken AS SELECT 1 AS x;
INSERT INTO materialized_view_state (view_name, generation) VALUES ('mv_broken', 1);
CREATE TEMP TABLE r2 AS SELECT * FROM refresh_all_materialized_views('pgtap2');
SELECT is((SELECT success FROM r2 WHERE view_name = 'mv_broken'), false, 'the broken view failed');
SELECT matches((SELECT message FROM r2 WHERE view_name = 'mv_broken'), 'concurrently', 'with the reason');
SELECT is((SELECT count(*)::int FROM r2 WHERE success), 5, 'the five others still refreshed');
SELECT is((SELECT generation FROM materialized_view_state WHERE view_name = 'mv_broken'), 1::bigint,
	'a failed refresh does not bump the generation');
SELECT isnt((SELECT error FROM materialized_view_refresh_log WHERE view_name = 'mv_broken'
	AND triggered_by = 'pgtap2'), NULL, 'the failure is in the log with its error');
SELECT matches((SELECT recommendation FROM analyze_materialized_view_performance()
	WHERE view_name = 'mv_broken'), '^last refresh failed', 'analyze_ recommends looking at it');

SELECT throws_ok($$SELECT * FROM refresh_materialized_view('no_such_view')$$, '42P01',
	'unknown materialized view "no_such_view"', 'unknown view refused');
-- Odd identifiers are quoted, never spliced: this name is refused as unknown, nothing runs.
SELECT throws_ok($$SELECT * FROM refresh_materialized_view('x; DROP TABLE panels')$$, '42P01',
	NULL, 'an odd name is just an unknown view');

SELECT * FROM finish();
ROLLBACK;
