-- 004: refreshing the views: one refresh at a time (a transaction-scoped advisory lock; a
-- second caller is refused at once with 55P03), a log row per view, a generation per view
-- that grows on every successful refresh, and pg_notify('solardash_refresh') at commit.

CREATE TABLE materialized_view_state (
	view_name         text PRIMARY KEY,
	generation        bigint NOT NULL DEFAULT 0,
	last_refresh      timestamptz,
	last_duration_ms  numeric
);
-- The views were populated by 003: that is generation 1.
INSERT INTO materialized_view_state (view_name, generation, last_refresh)
VALUES ('mv_panel_status_summary', 1, now()), ('mv_station_performance', 1, now()),
	('mv_mo_progress', 1, now()), ('mv_quality_metrics', 1, now()),
	('mv_workflow_efficiency', 1, now());

CREATE TABLE materialized_view_refresh_log (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	view_name     text NOT NULL,
	started_at    timestamptz NOT NULL,
	finished_at   timestamptz NOT NULL,
	duration_ms   numeric NOT NULL,
	row_count     bigint,
	success       bool NOT NULL,
	error         text,
	triggered_by  text NOT NULL
);
CREATE INDEX materialized_view_refresh_log_view_idx
	ON materialized_view_refresh_log (view_name, started_at DESC);

-- Refuses at once, naming the session that holds the refresh lock, when one runs already.
CREATE FUNCTION refresh_lock_or_refuse() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
	holder record;
BEGIN
	-- Key (2026, 1) in this database; held until the caller's transaction ends.
	IF pg_try_advisory_xact_lock(2026, 1) THEN
		RETURN;
	END IF;
	SELECT a.pid, a.xact_start INTO holder
	FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
	WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 2026 AND l.objid = 1
	  AND l.objsubid = 2
	  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
	LIMIT 1;
	RAISE EXCEPTION 'a refresh is already running (since %, pid %)',
		coalesce(to_char(holder.xact_start, 'YYYY-MM-DD HH24:MI:SS TZ'), 'unknown'),
		coalesce(holder.pid::text, 'unknown')
		USING ERRCODE = 'lock_not_available',
		HINT = 'it will be done shortly; try again later instead of queueing';
END
$$;

-- Refreshes the named views (NULL: all registered ones), each in its own subtransaction so a
-- failing view is logged and does not hide the others.
CREATE FUNCTION refresh_views(names text[], triggered_by text)
RETURNS TABLE (view_name text, success bool, duration_ms numeric, row_count bigint,
	generation bigint, message text)
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
	v text;
	t0 timestamptz;
	t1 timestamptz;
	rel regclass;
BEGIN
	PERFORM refresh_lock_or_refuse();
	FOR v IN SELECT s.view_name FROM materialized_view_state s
		WHERE names IS NULL OR s.view_name = ANY (names) ORDER BY s.view_name
	LOOP
		t0 := clock_timestamp();
		view_name := v; row_count := NULL;
		BEGIN
			rel := to_regclass(format('public.%I', v));
			IF rel IS NOT NULL AND (SELECT c.relispopulated FROM pg_class c WHERE c.oid = rel) THEN
				EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY public.%I', v);
			ELSE
				EXECUTE format('REFRESH MATERIALIZED VIEW public.%I', v);
			END IF;
			EXECUTE format('SELECT count(*) FROM public.%I', v) INTO row_count;
			t1 := clock_timestamp();
			UPDATE materialized_view_state s SET generation = s.generation + 1, last_refresh = t1,
				last_duration_ms = round(extract(epoch FROM t1 - t0)::numeric * 1000, 3)
			WHERE s.view_name = v
			RETURNING s.generation INTO generation;
			success := true;
			message := 'refreshed';
		EXCEPTION WHEN OTHERS THEN
			t1 := clock_timestamp();
			success := false;
			message := SQLERRM;
			SELECT s.generation INTO generation FROM materialized_view_state s WHERE s.view_name = v;
		END;
		duration_ms := round(extract(epoch FROM t1 - t0)::numeric * 1000, 3);
		INSERT INTO materialized_view_refresh_log (view_name, started_at, finished_at,
			duration_ms, row_count, success, error, triggered_by)
		VALUES (v, t0, t1, duration_ms, row_count, success,
			CASE WHEN success THEN NULL ELSE message END, refresh_views.triggered_by);
		RETURN NEXT;
	END LOOP;
	PERFORM pg_notify('solardash_refresh',
		(SELECT json_object_agg(s.view_name, s.generation ORDER BY s.view_name)
		 FROM materialized_view_state s)::text);
END
$$;

CREATE FUNCTION refresh_all_materialized_views(triggered_by text DEFAULT current_user)
RETURNS TABLE (view_name text, success bool, duration_ms numeric, row_count bigint,
	generation bigint, message text)
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
	SELECT * FROM refresh_views(NULL, coalesce(triggered_by, session_user::text))
$$;

-- The parameter is mv_name, not view_name: that is an output column. Positional calls only.
CREATE FUNCTION refresh_materialized_view(mv_name text, triggered_by text DEFAULT current_user)
RETURNS TABLE (view_name text, success bool, duration_ms numeric, row_count bigint,
	generation bigint, message text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM materialized_view_state s WHERE s.view_name = mv_name) THEN
		RAISE EXCEPTION 'unknown materialized view "%"', mv_name
			USING ERRCODE = 'undefined_table',
			HINT = 'known views: ' || (SELECT string_agg(s.view_name, ', ' ORDER BY s.view_name)
				FROM materialized_view_state s);
	END IF;
	RETURN QUERY SELECT * FROM refresh_views(ARRAY[mv_name],
		coalesce(refresh_materialized_view.triggered_by, session_user::text));
END
$$;

CREATE FUNCTION get_view_generations()
RETURNS TABLE (view_name text, generation bigint, last_refresh timestamptz)
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
	SELECT s.view_name, s.generation, s.last_refresh FROM materialized_view_state s
	ORDER BY s.view_name
$$;
