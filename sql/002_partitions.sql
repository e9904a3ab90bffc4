-- 002: partition maintenance. Partitions are found and compared by their bounds
-- (pg_partition_tree + pg_get_expr(relpartbound)), never by their names; names are only
-- labels built with format('%I'). Bounds are UTC month or quarter starts.

CREATE TABLE partition_policy (
	parent            text PRIMARY KEY,
	step_months       int NOT NULL CHECK (step_months IN (1, 3)),
	retention_months  int NOT NULL CHECK (retention_months > 0)
);
INSERT INTO partition_policy VALUES
	('panels', 1, 12),
	('inspections', 1, 12),
	('manufacturing_orders', 3, 24);

-- The partition key column of a range-partitioned table, and its type.
CREATE FUNCTION partition_key(parent regclass, OUT key_column name, OUT key_type regtype)
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
	SELECT a.attname, a.atttypid::regtype
	FROM pg_partitioned_table p
	JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
	WHERE p.partrelid = parent
$$;

-- A bound as it appears in pg_get_expr (date or timestamptz text) as a UTC timestamp.
CREATE FUNCTION partition_bound_utc(bound text, key_type regtype) RETURNS timestamp
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
	SELECT CASE
		WHEN bound IS NULL THEN NULL
		WHEN key_type = 'date'::regtype THEN bound::date::timestamp
		ELSE bound::timestamptz AT TIME ZONE 'UTC'
	END
$$;

-- Every direct partition of parent with its bounds; range_* are NULL for DEFAULT and MINVALUE/MAXVALUE.
CREATE FUNCTION partition_bounds(parent regclass)
RETURNS TABLE (partition regclass, is_default bool, range_from text, range_to text,
	from_utc timestamp, to_utc timestamp)
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
	SELECT t.relid, b.expr = 'DEFAULT', f.v, u.v,
		partition_bound_utc(f.v, k.key_type), partition_bound_utc(u.v, k.key_type)
	FROM pg_partition_tree(parent) t
	CROSS JOIN partition_key(parent) k
	CROSS JOIN LATERAL (SELECT pg_get_expr(c.relpartbound, c.oid) AS expr
		FROM pg_class c WHERE c.oid = t.relid) b
	CROSS JOIN LATERAL (SELECT (regexp_match(b.expr, $re$FROM \('([^']*)'\)$re$))[1] AS v) f
	CROSS JOIN LATERAL (SELECT (regexp_match(b.expr, $re$TO \('([^']*)'\)$re$))[1] AS v) u
	WHERE t.level = 1
$$;

-- A bound literal for the key type, from a UTC timestamp.
CREATE FUNCTION partition_bound_literal(ts timestamp, key_type regtype) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN key_type = 'date'::regtype THEN to_char(ts, 'YYYY-MM-DD')
		ELSE to_char(ts, 'YYYY-MM-DD HH24:MI:SS') || '+00' END
$$;

-- Creates (or finds) one partition [lo, hi) of parent. Rows of that range already sitting in
-- the DEFAULT partition are moved into the new partition before it is attached, so a late
-- partition never fails on "updated partition constraint for default partition".
CREATE FUNCTION create_partition(parent regclass, lo timestamp, hi timestamp,
	OUT partition text, OUT created bool)
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
	k record;
	p record;
	def regclass;
	lo_lit text;
	hi_lit text;
	moved bigint;
	nsp text := (SELECT c.relnamespace::regnamespace::text FROM pg_class c WHERE c.oid = parent);
BEGIN
	SELECT * INTO k FROM partition_key(parent);
	SELECT b.partition::text INTO partition FROM partition_bounds(parent) b
	WHERE b.from_utc = lo AND b.to_utc = hi;
	IF FOUND THEN
		created := false;
		RETURN;
	END IF;
	SELECT b.* INTO p FROM partition_bounds(parent) b
	WHERE NOT b.is_default AND b.from_utc < hi AND b.to_utc > lo LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'cannot create partition [%, %) of %: it overlaps % [%, %)',
			lo, hi, parent, p.partition, p.range_from, p.range_to
			USING ERRCODE = 'invalid_object_definition';
	END IF;
	partition := (SELECT c.relname FROM pg_class c WHERE c.oid = parent)
		|| CASE WHEN hi - lo > interval '32 days'
			THEN to_char(lo, '"_p"YYYY"_q"Q') ELSE to_char(lo, '"_p"YYYY"_"MM') END;
	lo_lit := partition_bound_literal(lo, k.key_type);
	hi_lit := partition_bound_literal(hi, k.key_type);
	SELECT b.partition INTO def FROM partition_bounds(parent) b WHERE b.is_default;
	-- Qualified: search_path starts with pg_catalog.
	EXECUTE format('CREATE TABLE %I.%I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
		nsp, partition, parent);
	IF def IS NOT NULL THEN
		-- The registry triggers must not see this move as a delete + insert.
		PERFORM set_config('solardash.partition_move', 'on', true);
		EXECUTE format('WITH m AS (DELETE FROM %s WHERE %I >= %L AND %I < %L RETURNING *) '
			'INSERT INTO %I.%I SELECT * FROM m', def, k.key_column, lo_lit, k.key_column, hi_lit,
			nsp, partition);
		GET DIAGNOSTICS moved = ROW_COUNT;
		PERFORM set_config('solardash.partition_move', 'off', true);
		IF moved > 0 THEN
			RAISE NOTICE 'moved % rows of % from % into %', moved, parent, def, partition;
		END IF;
	END IF;
	EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)',
		parent, nsp, partition, lo_lit, hi_lit);
	created := true;
END
$$;

-- Partitions of every policy table from the period holding lo_ts up to the one holding hi_ts.
CREATE FUNCTION create_partitions_between(lo_ts timestamptz, hi_ts timestamptz)
RETURNS TABLE (parent text, partition text, range_from text, range_to text, created bool)
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
	pol record;
	s timestamp;
	r record;
BEGIN
	FOR pol IN SELECT * FROM partition_policy ORDER BY partition_policy.parent LOOP
		s := date_trunc(CASE pol.step_months WHEN 3 THEN 'quarter' ELSE 'month' END,
			lo_ts AT TIME ZONE 'UTC');
		WHILE s <= hi_ts AT TIME ZONE 'UTC' LOOP
			SELECT * INTO r FROM create_partition(pol.parent::regclass, s,
				s + make_interval(months => pol.step_months));
			parent := pol.parent;
			partition := r.partition;
			range_from := s::text;
			range_to := (s + make_interval(months => pol.step_months))::text;
			created := r.created;
			RETURN NEXT;
			s := s + make_interval(months => pol.step_months);
		END LOOP;
	END LOOP;
END
$$;

-- The current month and months_ahead months after it (quarters for orders). Idempotent.
CREATE FUNCTION create_monthly_partitions(months_ahead int DEFAULT 6)
RETURNS TABLE (parent text, partition text, range_from text, range_to text, created bool)
LANGUAGE sql SET search_path = pg_catalog, public, pg_temp AS $$
	SELECT * FROM create_partitions_between(now(),
		(date_trunc('month', now() AT TIME ZONE 'UTC')
			+ make_interval(months => greatest(months_ahead, 0))) AT TIME ZONE 'UTC')
$$;

-- Moves partitions whose whole range is older than the retention, with their indexes, into
-- the archive tablespace. Each lock is waited for at most lock_wait_ms; a busy partition
-- aborts the run with the pids holding it, so readers are never queued behind us.
CREATE FUNCTION archive_old_partitions(dry_run bool DEFAULT false,
	archive_tablespace text DEFAULT 'solardash_archive', lock_wait_ms int DEFAULT 2000)
RETURNS TABLE (parent text, partition text, range_from text, range_to text, action text)
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
	ts_oid oid;
	r record;
	idx record;
	nidx int;
	holders text;
	old_timeout text := current_setting('lock_timeout');
BEGIN
	SELECT oid INTO ts_oid FROM pg_tablespace WHERE spcname = archive_tablespace;
	IF ts_oid IS NULL AND NOT dry_run THEN
		RAISE EXCEPTION 'archive tablespace "%" does not exist', archive_tablespace
			USING ERRCODE = 'undefined_object',
			HINT = format('create it first, as a superuser: CREATE TABLESPACE %I LOCATION ''/absolute/empty/dir/owned/by/postgres''', archive_tablespace);
	END IF;
	PERFORM set_config('lock_timeout', lock_wait_ms || 'ms', true);
	FOR r IN
		SELECT pol.parent AS par, b.partition AS part, b.range_from AS rf, b.range_to AS rt
		FROM partition_policy pol
		CROSS JOIN LATERAL partition_bounds(pol.parent::regclass) b
		JOIN pg_class c ON c.oid = b.partition
		WHERE NOT b.is_default AND b.to_utc IS NOT NULL
		  AND b.to_utc <= date_trunc('month', now() AT TIME ZONE 'UTC')
			- make_interval(months => pol.retention_months)
		  AND c.reltablespace IS DISTINCT FROM ts_oid
		ORDER BY pol.parent, b.from_utc
	LOOP
		SELECT count(*) INTO nidx FROM pg_index i WHERE i.indrelid = r.part;
		parent := r.par; partition := r.part::text; range_from := r.rf; range_to := r.rt;
		IF dry_run THEN
			action := format('would move table and %s indexes to %s%s', nidx,
				quote_ident(archive_tablespace),
				CASE WHEN ts_oid IS NULL THEN ' (tablespace does not exist yet)' ELSE '' END);
			RETURN NEXT;
			CONTINUE;
		END IF;
		BEGIN
			EXECUTE format('ALTER TABLE %s SET TABLESPACE %I', r.part, archive_tablespace);
			FOR idx IN SELECT i.indexrelid::regclass AS ix FROM pg_index i WHERE i.indrelid = r.part LOOP
				EXECUTE format('ALTER INDEX %s SET TABLESPACE %I', idx.ix, archive_tablespace);
			END LOOP;
		EXCEPTION WHEN lock_not_available THEN
			SELECT string_agg(DISTINCT l.pid::text, ', ') INTO holders FROM pg_locks l
			WHERE l.granted AND l.pid <> pg_backend_pid()
			  AND (l.relation = r.part OR l.relation IN
				(SELECT i.indexrelid FROM pg_index i WHERE i.indrelid = r.part));
			RAISE EXCEPTION 'archive_old_partitions: % is busy: no lock within % ms (held by pid %); nothing was moved',
				r.part, lock_wait_ms, coalesce(holders, 'unknown')
				USING ERRCODE = 'lock_not_available',
				HINT = 'run it again when the sessions holding the partition are done';
		END;
		action := format('moved table and %s indexes to %s', nidx, quote_ident(archive_tablespace));
		RETURN NEXT;
	END LOOP;
	PERFORM set_config('lock_timeout', old_timeout, true);
END
$$;

-- Per partition: bounds, rows (exact for DEFAULT partitions, the planner's estimate otherwise
-- unless never analyzed), size, tablespace and the months of runway left on its parent.
CREATE FUNCTION get_partition_statistics()
RETURNS TABLE (parent text, partition text, range_from text, range_to text, is_default bool,
	row_count bigint, total_size bigint, tablespace text, runway_months int)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
	r record;
BEGIN
	FOR r IN
		SELECT pol.parent AS par, b.*, c.reltuples, c.reltablespace,
			max(b.to_utc) OVER (PARTITION BY pol.parent) AS horizon
		FROM partition_policy pol
		CROSS JOIN LATERAL partition_bounds(pol.parent::regclass) b
		JOIN pg_class c ON c.oid = b.partition
		ORDER BY pol.parent, b.is_default, b.from_utc
	LOOP
		parent := r.par;
		partition := r.partition::text;
		range_from := r.range_from;
		range_to := r.range_to;
		is_default := r.is_default;
		IF r.is_default OR r.reltuples < 0 THEN
			EXECUTE format('SELECT count(*) FROM %s', r.partition) INTO row_count;
		ELSE
			row_count := r.reltuples::bigint;
		END IF;
		total_size := pg_total_relation_size(r.partition);
		tablespace := coalesce((SELECT spcname FROM pg_tablespace WHERE oid = r.reltablespace),
			'pg_default');
		runway_months := CASE WHEN r.horizon IS NULL THEN 0 ELSE greatest(0,
			(extract(year FROM age(r.horizon, date_trunc('month', now() AT TIME ZONE 'UTC'))) * 12
			 + extract(month FROM age(r.horizon, date_trunc('month', now() AT TIME ZONE 'UTC'))))::int - 1)
			END;
		RETURN NEXT;
	END LOOP;
END
$$;

SELECT count(*) FROM create_monthly_partitions();
