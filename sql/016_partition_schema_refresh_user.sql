-- 016: two fixes. create_partition() quoted the schema twice: regnamespace::text is already
-- a quoted identifier, and format('%I') quoted it again, so a partitioned table in a schema
-- whose name needs quotes ("Odd s".t) got no partitions ('schema ""Odd s"" does not exist').
-- It now passes the plain nspname to %I. Otherwise as in 002 (with 012's settings).
CREATE OR REPLACE FUNCTION create_partition(parent regclass, lo timestamp, hi timestamp,
	OUT partition text, OUT created bool)
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
SET DateStyle = 'ISO, YMD' SET TimeZone = 'UTC' AS $$
DECLARE
	k record;
	p record;
	def regclass;
	lo_lit text;
	hi_lit text;
	moved bigint;
	nsp name := (SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.oid = parent);
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

-- "Who triggered it": triggered_by is whatever the caller passes (pg_cron, the admin pane's
-- user), so the log also keeps the database login that made the call, which the caller cannot
-- choose. session_user, not current_user: the refresh functions run as their owner. Rows
-- logged before this migration have NULL.
ALTER TABLE materialized_view_refresh_log ADD COLUMN db_user text;
ALTER TABLE materialized_view_refresh_log ALTER COLUMN db_user SET DEFAULT session_user;
