-- 008: who may do what. Functions are EXECUTE-able by PUBLIC by default: take that away,
-- then give the dashboards (solardash_reader) the read side and solardash_admin the
-- maintenance side. The maintenance functions run as their owner (SECURITY DEFINER with a
-- fixed search_path), so the admin role needs no ownership of the tables.

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO solardash_reader;

GRANT SELECT ON mv_panel_status_summary, mv_station_performance, mv_mo_progress,
	mv_quality_metrics, mv_workflow_efficiency TO solardash_reader;
GRANT SELECT ON stations, manufacturing_orders, panels, inspections, module_catalog,
	materialized_view_state, materialized_view_refresh_log, partition_policy TO solardash_reader;
-- Never secret_hash: logins go through check_login().
GRANT SELECT (id, username, full_name, role, home_station_id, active) ON users TO solardash_reader;
GRANT EXECUTE ON FUNCTION get_view_generations(), check_login(text, text),
	analyze_materialized_view_performance(), get_materialized_view_usage_stats(),
	get_partition_statistics() TO solardash_reader;

GRANT EXECUTE ON FUNCTION refresh_all_materialized_views(text),
	refresh_materialized_view(text, text), create_monthly_partitions(int),
	create_partitions_between(timestamptz, timestamptz),
	archive_old_partitions(bool, text, int) TO solardash_admin;
GRANT SELECT, INSERT ON cache_performance_metrics TO solardash_admin;

ALTER FUNCTION create_partitions_between(timestamptz, timestamptz) SECURITY DEFINER;
ALTER FUNCTION create_monthly_partitions(int) SECURITY DEFINER;
ALTER FUNCTION archive_old_partitions(bool, text, int) SECURITY DEFINER;
-- Counts rows of DEFAULT partitions, on which no grant exists.
ALTER FUNCTION get_partition_statistics() SECURITY DEFINER;
