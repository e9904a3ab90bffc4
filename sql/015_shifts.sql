-- 015: the factory's shifts. An operator's counters count this shift, not the calendar day.
-- Shifts start at the local times (in solardash.timezone) listed in solardash.shift_starts,
-- set on the database like the time zone:
--   ALTER DATABASE solardash SET solardash.shift_starts = '06:00,14:00,22:00';
-- Unset, the factory runs three shifts from 06:00, 14:00 and 22:00. SECURITY DEFINER: the
-- dashboards may not call factory_timezone() themselves.
CREATE FUNCTION factory_shift_start(at timestamptz DEFAULT now()) RETURNS timestamptz
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
	setting text := coalesce(nullif(current_setting('solardash.shift_starts', true), ''),
		'06:00,14:00,22:00');
	tz text := factory_timezone();
	local_at timestamp := at AT TIME ZONE tz;
	starts time[];
	result timestamp;
BEGIN
	BEGIN
		starts := ARRAY(SELECT trim(s)::time FROM unnest(string_to_array(setting, ',')) s);
	EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
		RAISE EXCEPTION 'solardash.shift_starts: ''%'' is not a list of times such as ''06:00,14:00,22:00''',
			setting USING ERRCODE = 'invalid_parameter_value';
	END;
	IF cardinality(starts) = 0 THEN
		RAISE EXCEPTION 'solardash.shift_starts is empty' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	-- The latest shift start at or before the moment: today's, or else yesterday's last.
	SELECT max(d + s) INTO result
	FROM unnest(starts) s, (VALUES (local_at::date), (local_at::date - 1)) v(d)
	WHERE d + s <= local_at;
	RETURN result AT TIME ZONE tz;
END
$$;
REVOKE ALL ON FUNCTION factory_shift_start(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION factory_shift_start(timestamptz) TO solardash_reader;
