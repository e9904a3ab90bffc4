-- 003: the five materialized views the dashboards read. Each is created WITH DATA and gets a
-- UNIQUE index on non-null plain columns, so REFRESH ... CONCURRENTLY works from the first
-- refresh on and readers are never blocked.

-- The factory's days: a day starts at midnight in solardash.timezone (set it on the database:
-- ALTER DATABASE solardash SET solardash.timezone = 'Europe/Berlin'), UTC when unset, so a
-- refresh by pg_cron and one from a client with another TimeZone give the same days.
CREATE FUNCTION factory_timezone() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
	SELECT coalesce(nullif(current_setting('solardash.timezone', true), ''), 'UTC')
$$;

CREATE MATERIALIZED VIEW mv_panel_status_summary AS
SELECT p.status,
	count(*) AS panel_count,
	round(avg(extract(epoch FROM p.updated_at - p.created_at) / 3600)::numeric, 2)
		AS avg_processing_hours,
	min(p.created_at) AS earliest_panel,
	max(p.updated_at) AS latest_update
FROM panels p
GROUP BY p.status
WITH DATA;
CREATE UNIQUE INDEX mv_panel_status_summary_key ON mv_panel_status_summary (status);

CREATE MATERIALIZED VIEW mv_station_performance AS
SELECT s.id AS station_id, s.name AS station_name, s.station_type, s.position,
	coalesce(i.total, 0) AS total_inspections,
	coalesce(i.passed, 0) AS passed_inspections,
	round(100.0 * i.passed / nullif(i.total, 0), 2) AS pass_rate
FROM stations s
LEFT JOIN (
	SELECT station_id, count(*) AS total, count(*) FILTER (WHERE result = 'PASS') AS passed
	FROM inspections
	GROUP BY station_id
) i ON i.station_id = s.id
WITH DATA;
CREATE UNIQUE INDEX mv_station_performance_key ON mv_station_performance (station_id);

-- completion_percentage: completed panels of the panels the order has produced so far
-- (0 when it has none); quantity is there for progress against the plan.
CREATE MATERIALIZED VIEW mv_mo_progress AS
SELECT mo.id AS mo_id, mo.order_number, mo.status, mo.module_model, mo.quantity,
	mo.start_date, mo.expected_completion_date,
	coalesce(p.total, 0) AS total_panels,
	coalesce(p.completed, 0) AS completed_panels,
	CASE WHEN coalesce(p.total, 0) = 0 THEN 0::numeric
		ELSE round(100.0 * p.completed / p.total, 2) END AS completion_percentage
FROM manufacturing_orders mo
LEFT JOIN (
	SELECT manufacturing_order_id, count(*) AS total,
		count(*) FILTER (WHERE status = 'completed') AS completed
	FROM panels
	WHERE manufacturing_order_id IS NOT NULL
	GROUP BY manufacturing_order_id
) p ON p.manufacturing_order_id = mo.id
WITH DATA;
CREATE UNIQUE INDEX mv_mo_progress_key ON mv_mo_progress (mo_id);

CREATE MATERIALIZED VIEW mv_quality_metrics AS
SELECT (i.inspection_date AT TIME ZONE factory_timezone())::date AS inspection_day, s.station_type,
	count(*) AS total_inspections,
	count(*) FILTER (WHERE i.result = 'PASS') AS passed_inspections,
	round(100.0 * count(*) FILTER (WHERE i.result = 'PASS') / count(*), 2) AS daily_pass_rate
FROM inspections i
JOIN stations s ON s.id = i.station_id
-- From midnight 30 days ago, factory time.
WHERE i.inspection_date >= ((now() AT TIME ZONE factory_timezone())::date - 30)::timestamp
	AT TIME ZONE factory_timezone()
GROUP BY 1, 2
WITH DATA;
CREATE UNIQUE INDEX mv_quality_metrics_key ON mv_quality_metrics (inspection_day, station_type);

CREATE MATERIALIZED VIEW mv_workflow_efficiency AS
SELECT p.status, coalesce(s.station_type, 'none') AS station_type,
	count(*) AS panels_at_station,
	round(avg(extract(epoch FROM now() - p.updated_at) / 3600)::numeric, 2) AS avg_hours_at_station
FROM panels p
LEFT JOIN stations s ON s.id = p.current_station_id
GROUP BY 1, 2
WITH DATA;
CREATE UNIQUE INDEX mv_workflow_efficiency_key ON mv_workflow_efficiency (status, station_type);
