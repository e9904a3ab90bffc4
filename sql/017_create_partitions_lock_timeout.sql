-- 017: create_monthly_partitions() waits at most 2 s for a lock. Attaching a partition takes
-- an ACCESS EXCLUSIVE lock on the parent's DEFAULT partition (its rows are checked against
-- the new bounds); behind a long report on the base tables, the daily job would wait, and
-- every dashboard query on that table would queue behind the job. Now the job fails fast,
-- names the sessions in the way, and creates nothing (six months of runway leave time for
-- the next run). Otherwise as in 009, with 008's SECURITY DEFINER and 012's settings.
CREATE OR REPLACE FUNCTION create_monthly_partitions(months_ahead int DEFAULT 6)
RETURNS TABLE (parent text, partition text, range_from text, range_to text, created bool)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
SET DateStyle = 'ISO, YMD' SET TimeZone = 'UTC' SET lock_timeout = '2s' AS $$
DECLARE
	holders text;
BEGIN
	IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 60 THEN
		RAISE EXCEPTION 'create_monthly_partitions: months_ahead must be between 0 and 60, not %',
			coalesce(months_ahead::text, 'NULL')
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	RETURN QUERY SELECT * FROM create_partitions_between(now(),
		(date_trunc('month', now() AT TIME ZONE 'UTC')
			+ make_interval(months => months_ahead)) AT TIME ZONE 'UTC');
EXCEPTION WHEN lock_not_available THEN
	SELECT string_agg(DISTINCT l.pid::text, ', ' ORDER BY l.pid::text) INTO holders
	FROM pg_locks l
	WHERE l.granted AND l.pid <> pg_backend_pid() AND l.relation IN
		(SELECT t.relid FROM partition_policy pol,
			LATERAL pg_partition_tree(pol.parent::regclass) t);
	RAISE EXCEPTION 'create_monthly_partitions: a partitioned table is busy: no lock within % (held by pid %); nothing was created',
		current_setting('lock_timeout'), coalesce(holders, 'unknown')
		USING ERRCODE = 'lock_not_available',
		HINT = 'run it again when those sessions are done';
END
$$;
