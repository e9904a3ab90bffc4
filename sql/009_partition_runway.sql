-- 009: months of runway count only the partitions that follow on without a gap from the one
-- holding today (a lone far-future partition made for a stray row is not runway), and
-- create_monthly_partitions() refuses a nonsense argument instead of quietly doing nothing.

-- The upper bound of the gap-free run of partitions that starts with the one holding now();
-- NULL when no partition holds now().
CREATE FUNCTION partition_runway_end(parent regclass) RETURNS timestamp
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
	WITH RECURSIVE b AS (
		SELECT from_utc, to_utc FROM partition_bounds(parent)
		WHERE NOT is_default AND from_utc IS NOT NULL AND to_utc IS NOT NULL
	), chain AS (
		SELECT b.to_utc FROM b
		WHERE b.from_utc <= now() AT TIME ZONE 'UTC' AND now() AT TIME ZONE 'UTC' < b.to_utc
		UNION ALL
		SELECT b.to_utc FROM chain JOIN b ON b.from_utc = chain.to_utc
	)
	SELECT max(to_utc) FROM chain
$$;
REVOKE ALL ON FUNCTION partition_runway_end(regclass) FROM PUBLIC;

CREATE OR REPLACE FUNCTION get_partition_statistics()
RETURNS TABLE (parent text, partition text, range_from text, range_to text, is_default bool,
	row_count bigint, total_size bigint, tablespace text, runway_months int)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
	r record;
	this_month timestamp := date_trunc('month', now() AT TIME ZONE 'UTC');
BEGIN
	FOR r IN
		SELECT pol.parent AS par, b.*, c.reltuples, c.reltablespace,
			partition_runway_end(pol.parent::regclass) AS horizon
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
		-- Whole months covered after the current one.
		runway_months := CASE WHEN r.horizon IS NULL THEN 0 ELSE greatest(0,
			(extract(year FROM age(r.horizon, this_month)) * 12
			 + extract(month FROM age(r.horizon, this_month)))::int - 1) END;
		RETURN NEXT;
	END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION create_monthly_partitions(months_ahead int DEFAULT 6)
RETURNS TABLE (parent text, partition text, range_from text, range_to text, created bool)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
	IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 60 THEN
		RAISE EXCEPTION 'create_monthly_partitions: months_ahead must be between 0 and 60, not %',
			coalesce(months_ahead::text, 'NULL')
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	RETURN QUERY SELECT * FROM create_partitions_between(now(),
		(date_trunc('month', now() AT TIME ZONE 'UTC')
			+ make_interval(months => months_ahead)) AT TIME ZONE 'UTC');
END
$$;
