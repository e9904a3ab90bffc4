-- 017: partition maintenance waits at most a short lock timeout, then fails naming the
-- sessions in the way and changes nothing. Attaching a partition takes an ACCESS EXCLUSIVE
-- lock on the parent's DEFAULT partition (its rows are checked against the new bounds):
-- behind a long report the daily create_monthly_partitions() job would wait, and every
-- dashboard query on that table would queue behind it. It now runs with lock_timeout 2 s
-- (six months of runway leave time for the next run). Behind ACCESS EXCLUSIVE on a table
-- (an archive moving a partition, a DDL) even reading partition bounds waits
-- (pg_partition_tree and pg_get_expr lock each partition), so the holders are looked up in
-- the catalogues only (pg_inherits, pg_locks), which never wait; archive_old_partitions()
-- gets the same message around the whole run, its dry run included (its own per-partition
-- message is kept).

-- The sessions holding a lock on a partitioned table of the policy or on one of its
-- partitions ('12345, 12346'), from the catalogues only: it never waits itself.
CREATE FUNCTION partition_lock_holders() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
	WITH RECURSIVE tree AS (
		SELECT c.oid AS relid FROM partition_policy pol
		JOIN pg_class c ON c.oid = to_regclass(pol.parent)
		UNION
		SELECT i.inhrelid FROM pg_inherits i JOIN tree ON i.inhparent = tree.relid)
	SELECT string_agg(DISTINCT l.pid::text, ', ' ORDER BY l.pid::text)
	FROM pg_locks l JOIN tree ON l.relation = tree.relid
	WHERE l.granted AND l.pid <> pg_backend_pid()
$$;
REVOKE ALL ON FUNCTION partition_lock_holders() FROM PUBLIC;

-- Otherwise as in 009, with 008's SECURITY DEFINER and 012's settings.
CREATE OR REPLACE FUNCTION create_monthly_partitions(months_ahead int DEFAULT 6)
RETURNS TABLE (parent text, partition text, range_from text, range_to text, created bool)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
SET DateStyle = 'ISO, YMD' SET TimeZone = 'UTC' SET lock_timeout = '2s' AS $$
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
	RAISE EXCEPTION 'create_monthly_partitions: a partitioned table is busy: no lock within % (held by pid %); nothing was created',
		current_setting('lock_timeout'), coalesce(partition_lock_holders(), 'unknown')
		USING ERRCODE = 'lock_not_available',
		HINT = 'run it again when those sessions are done';
END
$$;

-- archive_old_partitions() of 002 becomes the worker; the function of that name wraps it.
ALTER FUNCTION archive_old_partitions(bool, text, int) RENAME TO archive_old_partitions_run;
REVOKE ALL ON FUNCTION archive_old_partitions_run(bool, text, int) FROM PUBLIC, solardash_admin;

CREATE FUNCTION archive_old_partitions(dry_run bool DEFAULT false,
	archive_tablespace text DEFAULT 'solardash_archive', lock_wait_ms int DEFAULT 2000)
RETURNS TABLE (parent text, partition text, range_from text, range_to text, action text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
SET DateStyle = 'ISO, YMD' SET TimeZone = 'UTC' AS $$
DECLARE
	msg text;
BEGIN
	RETURN QUERY SELECT * FROM archive_old_partitions_run(dry_run, archive_tablespace, lock_wait_ms);
EXCEPTION WHEN lock_not_available THEN
	GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT;
	IF msg LIKE 'archive_old_partitions:%' THEN
		RAISE;   -- the worker named the partition and its holders already
	END IF;
	RAISE EXCEPTION 'archive_old_partitions: a partitioned table is busy: no lock within % ms (held by pid %); nothing was moved',
		lock_wait_ms, coalesce(partition_lock_holders(), 'unknown')
		USING ERRCODE = 'lock_not_available',
		HINT = 'run it again when those sessions are done';
END
$$;
REVOKE ALL ON FUNCTION archive_old_partitions(bool, text, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION archive_old_partitions(bool, text, int) TO solardash_admin;
