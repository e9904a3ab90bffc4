-- 005: monitoring of the views for the admin pane and `solardash check`.

CREATE FUNCTION analyze_materialized_view_performance()
RETURNS TABLE (view_name text, total_rows bigint, last_refresh timestamptz,
	avg_refresh_time_ms numeric, refresh_success_rate numeric, recommendation text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
	s record;
	lg record;
	last_err text;
BEGIN
	FOR s IN SELECT * FROM materialized_view_state m ORDER BY m.view_name LOOP
		view_name := s.view_name;
		last_refresh := s.last_refresh;
		total_rows := NULL;
		IF to_regclass(format('public.%I', s.view_name)) IS NOT NULL THEN
			EXECUTE format('SELECT count(*) FROM public.%I', s.view_name) INTO total_rows;
		END IF;
		-- Figures over the last 7 days of the log.
		SELECT round(avg(l.duration_ms) FILTER (WHERE l.success), 3) AS avg_ms,
			round(100.0 * count(*) FILTER (WHERE l.success) / nullif(count(*), 0), 1) AS rate,
			count(*) AS n
		INTO lg FROM materialized_view_refresh_log l
		WHERE l.view_name = s.view_name AND l.started_at > now() - interval '7 days';
		avg_refresh_time_ms := lg.avg_ms;
		refresh_success_rate := lg.rate;
		SELECT CASE WHEN l.success THEN NULL ELSE l.error END INTO last_err
		FROM materialized_view_refresh_log l WHERE l.view_name = s.view_name
		ORDER BY l.started_at DESC LIMIT 1;
		recommendation := CASE
			WHEN total_rows IS NULL THEN 'missing: the view does not exist; run solardash db migrate'
			WHEN last_err IS NOT NULL THEN 'last refresh failed: ' || last_err
			WHEN s.last_refresh IS NULL THEN 'never refreshed: run refresh_all_materialized_views()'
			WHEN lg.rate < 90 THEN format('refresh fails often (%s %% success in 7 days): see materialized_view_refresh_log', lg.rate)
			WHEN s.last_refresh < now() - interval '30 minutes' THEN
				format('stale: last refreshed %s ago; schedule the 15-minute refresh (solardash db schedule)',
					date_trunc('second', now() - s.last_refresh))
			WHEN lg.avg_ms > 60000 THEN
				format('slow: refresh takes %s s on average; check the indexes its query uses',
					round(lg.avg_ms / 1000, 1))
			ELSE 'ok'
		END;
		RETURN NEXT;
	END LOOP;
END
$$;

-- Sizes in bytes (the client formats them).
CREATE FUNCTION get_materialized_view_usage_stats()
RETURNS TABLE (view_name text, table_size bigint, index_size bigint, total_size bigint,
	last_analyzed timestamptz, autovacuum_count bigint)
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
	SELECT m.view_name, pg_relation_size(c.oid), pg_indexes_size(c.oid),
		pg_total_relation_size(c.oid),
		greatest(st.last_analyze, st.last_autoanalyze), coalesce(st.autovacuum_count, 0)
	FROM materialized_view_state m
	JOIN pg_class c ON c.oid = to_regclass(format('public.%I', m.view_name))
	LEFT JOIN pg_stat_all_tables st ON st.relid = c.oid
	ORDER BY m.view_name
$$;
