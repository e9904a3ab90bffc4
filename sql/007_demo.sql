-- 007: the demo factory, built set-based from the catalogue in module_catalog (loaded by
-- `solardash db demo` with COPY). demo_generate(scale) makes ~50,000 * scale panels over the
-- last 14 months moving through a real crystalline-silicon module line, up to this moment.

-- The line: position, name, type, hours a panel spends there (queue included),
-- and the failure rate of the inspection done there (NULL: no inspection at that station).
CREATE TABLE demo_line (
	position      int PRIMARY KEY,
	name          text NOT NULL,
	station_type  text NOT NULL,
	hours         numeric NOT NULL,
	fail_rate     numeric
);
INSERT INTO demo_line VALUES
	(1, 'Stringer 1',           'stringing',     2.0, NULL),
	(2, 'Layup 1',              'layup',         1.5, NULL),
	(3, 'Pre-lamination EL',    'el_inspection', 1.0, 0.022),
	(4, 'Laminator 1',          'lamination',    3.0, NULL),
	(5, 'Framing & J-box',      'framing',       1.5, NULL),
	(6, 'Hi-pot tester',        'hipot_test',    1.0, 0.003),
	(7, 'Flash tester',         'flash_test',    1.0, 0.006),
	(8, 'Final EL',             'el_inspection', 1.0, 0.010),
	(9, 'Packing',              'packing',       1.0, NULL);

-- EL findings, micro-cracks the largest share (weights add up to 1).
CREATE TABLE demo_el_defect (upto numeric PRIMARY KEY, note text NOT NULL);
INSERT INTO demo_el_defect VALUES
	(0.55, 'micro-crack'), (0.70, 'cracked cell'), (0.80, 'finger interruption'),
	(0.90, 'cold solder joint'), (1.00, 'dark cell');

-- Empties the factory (not the catalogue), for `solardash db demo --reset`.
CREATE FUNCTION demo_reset() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
	TRUNCATE inspections, panels, panel_registry, manufacturing_orders, order_registry,
		users, stations, cache_performance_metrics, materialized_view_refresh_log;
END
$$;

CREATE FUNCTION demo_stations_and_users() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
	INSERT INTO stations (id, name, station_type, position)
	SELECT position, name, station_type, position FROM demo_line;
	INSERT INTO users (username, full_name, role, home_station_id, secret_hash)
	SELECT u.username, u.full_name, u.role, u.station, crypt('1234', gen_salt('bf', 8))
	FROM (VALUES
		('operator',   'Olga Operator',     'operator',   3),
		('supervisor', 'Sam Supervisor',    'supervisor', NULL),
		('manager',    'Mia Manager',       'manager',    NULL),
		('admin',      'Ari Admin',         'admin',      NULL),
		('j.meyer',    'Jonas Meyer',       'operator',   1),
		('l.nguyen',   'Linh Nguyen',       'operator',   4),
		('p.kowalski', 'Piotr Kowalski',    'operator',   7),
		('a.silva',    'Ana Silva',         'operator',   8),
		('r.okafor',   'Rita Okafor',       'supervisor', NULL)
	) AS u (username, full_name, role, station);
END
$$;

-- Orders back to back over the last 14 months; the last ones are still in progress.
CREATE FUNCTION demo_orders(n_panels bigint, t0 timestamptz, models text[]) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
	per_day numeric := n_panels / greatest(extract(epoch FROM now() - t0) / 86400, 1);
BEGIN
	CREATE TEMP TABLE demo_o ON COMMIT DROP AS
	SELECT o, gen_random_uuid() AS id, qty,
		sum(qty) OVER (ORDER BY o) - qty AS lo, sum(qty) OVER (ORDER BY o) AS hi
	FROM (SELECT o, (200 + floor(random() * 800))::int AS qty
		FROM generate_series(1, (n_panels / 200 + 1)::int) o) q;
	DELETE FROM demo_o WHERE lo >= n_panels;
	ANALYZE demo_o;
	-- Panel k of the factory is made at t0 + (now - t0) * k / n: orders start with their first panel.
	INSERT INTO manufacturing_orders (id, order_number, status, start_date,
		expected_completion_date, actual_completion_date, module_model, quantity, created_at, updated_at)
	SELECT id, format('MO-%s-%s', to_char(st, 'YYYY'), lpad(o::text, 5, '0')),
		CASE WHEN hi > n_panels - 3 * per_day THEN 'in_progress' ELSE 'completed' END,
		st::date, (st + make_interval(days => ceil(qty / per_day)::int + 2))::date,
		CASE WHEN hi > n_panels - 3 * per_day THEN NULL
			ELSE (t0 + (now() - t0) * (hi::float8 / n_panels) + interval '13 hours')::date END,
		models[1 + o % array_length(models, 1)], qty, st - interval '3 days', st
	FROM (SELECT *, t0 + (now() - t0) * (lo::float8 / n_panels) AS st FROM demo_o) x;
	-- A few orders planned for the coming days and one cancelled: no panels yet.
	INSERT INTO manufacturing_orders (order_number, status, start_date, expected_completion_date,
		module_model, quantity)
	SELECT format('MO-%s-%s', to_char(now() + make_interval(days => g), 'YYYY'),
			lpad((100000 - g)::text, 5, '0')),
		CASE WHEN g = 4 THEN 'cancelled' ELSE 'planned' END,
		(now() + make_interval(days => g))::date, (now() + make_interval(days => g + 10))::date,
		models[1 + g % array_length(models, 1)], 500
	FROM generate_series(1, 4) g;
END
$$;

-- One row per panel with where it is now, computed from its age: a panel made h hours ago
-- (divided by a per-panel pace) has passed the stations whose cumulative hours are below h.
-- Panels still on the line, or just off it, move at pace 1: panels are made at a steady
-- rate, so then every station holds some (the line's work in progress), and no panel
-- finishes in the future.
CREATE FUNCTION demo_panels(n_panels bigint, t0 timestamptz) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
	line_hours numeric := (SELECT sum(hours) FROM demo_line);
BEGIN
	CREATE TEMP TABLE demo_l ON COMMIT DROP AS
	SELECT position, fail_rate,
		sum(hours) OVER (ORDER BY position) - hours AS h_start,
		sum(hours) OVER (ORDER BY position) AS h_end,
		-- P(failing here or earlier), failures at the first failing inspection only.
		1 - exp(sum(ln(1 - coalesce(fail_rate, 0))) OVER (ORDER BY position)) AS fail_upto
	FROM demo_line;
	CREATE TEMP TABLE demo_p ON COMMIT DROP AS
	SELECT k, gen_random_uuid() AS id,
		format('SD%s%s', to_char(created_at AT TIME ZONE 'UTC', 'YYMMDD'), lpad(k::text, 8, '0')) AS barcode,
		o.id AS order_id, o.model, created_at, pc.pace, u_fail, u_status,
		(SELECT min(l.position) FROM demo_l l WHERE l.fail_rate IS NOT NULL AND u_fail < l.fail_upto) AS fail_pos,
		(SELECT min(l.position) FROM demo_l l WHERE l.h_end > a.age_h / pc.pace) AS at_pos
	FROM (SELECT d.id, m.module_model AS model, d.lo, d.hi FROM demo_o d
		JOIN manufacturing_orders m ON m.id = d.id) o
	CROSS JOIN LATERAL generate_series(o.lo + 1, least(o.hi, n_panels)) k
	CROSS JOIN LATERAL (SELECT t0 + (now() - t0) * ((k - random()) / n_panels) AS created_at,
		0.7 + random() * 0.6 AS pace, random() AS u_fail, random() AS u_status) r
	CROSS JOIN LATERAL (SELECT extract(epoch FROM now() - r.created_at) / 3600 AS age_h) a
	CROSS JOIN LATERAL (SELECT CASE WHEN a.age_h < 1.35 * line_hours THEN 1 ELSE r.pace END AS pace) pc;
	-- A panel that failed before reaching its current position stays where it failed.
	UPDATE demo_p SET at_pos = NULL WHERE at_pos IS NOT NULL AND fail_pos IS NOT NULL AND fail_pos >= at_pos;
	UPDATE demo_p SET fail_pos = NULL WHERE at_pos IS NOT NULL;
	ANALYZE demo_p;
END
$$;

CREATE FUNCTION demo_insert_panels() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
	INSERT INTO panels (id, barcode, type, specifications, status, manufacturing_order_id,
		current_station_id, created_at, updated_at)
	SELECT p.id, p.barcode, p.model,
		jsonb_build_object('model', c.model, 'manufacturer', c.manufacturer,
			'technology', c.technology, 'stc_w', c.stc_w, 'voc_v', c.voc_v, 'isc_a', c.isc_a,
			'area_m2', c.area_m2, 'cells', c.cells,
			'efficiency_pct', round(c.stc_w / (c.area_m2 * 1000) * 100, 2))
		|| CASE WHEN coalesce(p.fail_pos, p.at_pos, 99) > 7
			THEN jsonb_build_object('power_bin_w',
				floor(c.stc_w * (0.985 + p.u_status::numeric * 0.03) / 5) * 5)
			ELSE '{}' END,
		CASE WHEN p.fail_pos = 3 THEN 'rework'
			WHEN p.fail_pos = 7 THEN 'rework'
			WHEN p.fail_pos = 8 AND p.u_status < 0.4 THEN 'scrapped'
			WHEN p.fail_pos IS NOT NULL THEN 'failed'
			WHEN p.at_pos IS NOT NULL THEN 'in_progress'
			ELSE 'completed' END,
		p.order_id, coalesce(p.fail_pos, p.at_pos), p.created_at,
		least(now(), p.created_at + make_interval(secs => 3600 * p.pace * CASE
			WHEN p.fail_pos IS NOT NULL THEN lf.h_end
			WHEN p.at_pos IS NOT NULL THEN la.h_start
			ELSE (SELECT max(h_end) FROM demo_l) END))
	FROM demo_p p
	JOIN module_catalog c ON c.model = p.model
	LEFT JOIN demo_l lf ON lf.position = p.fail_pos
	LEFT JOIN demo_l la ON la.position = p.at_pos;
END
$$;

-- An inspection at every inspection station a panel has left, FAIL where it failed.
CREATE FUNCTION demo_insert_inspections() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
	fallback int := (SELECT id FROM users WHERE username = 'operator');
BEGIN
	-- Who inspects at each station: its operator, else the demo operator.
	CREATE TEMP TABLE demo_inspector ON COMMIT DROP AS
	SELECT l.position, (SELECT min(u.id) FROM users u
		WHERE u.role = 'operator' AND u.home_station_id = l.position) AS id
	FROM demo_l l;
	INSERT INTO inspections (panel_id, station_id, inspector_id, result, notes,
		inspection_date, created_at)
	SELECT p.id, l.position, coalesce(op.id, fallback),
		CASE WHEN l.position = p.fail_pos THEN 'FAIL' ELSE 'PASS' END,
		CASE WHEN l.position = p.fail_pos THEN CASE l.position
				WHEN 6 THEN 'insulation resistance below limit'
				WHEN 7 THEN format('Pmax %s W below nameplate tolerance', round(c.stc_w * 0.95, 1))
				ELSE (SELECT d.note FROM demo_el_defect d WHERE d.upto >= p.u_status
					ORDER BY d.upto LIMIT 1) END
			WHEN l.position = 7 THEN format('Pmax %s W, bin %s W',
				round(c.stc_w * (0.985 + p.u_status::numeric * 0.03), 1),
				floor(c.stc_w * (0.985 + p.u_status::numeric * 0.03) / 5) * 5)
			END,
		t.ts, t.ts + interval '2 seconds'
	FROM demo_p p
	JOIN module_catalog c ON c.model = p.model
	JOIN demo_l l ON l.fail_rate IS NOT NULL AND l.position <= coalesce(p.fail_pos, p.at_pos - 1, 99)
	JOIN demo_inspector op ON op.position = l.position
	CROSS JOIN LATERAL (SELECT least(now(), p.created_at
		+ make_interval(secs => 3600 * p.pace * l.h_end)) AS ts) t;
END
$$;

-- Builds the whole factory in one transaction; refuses when there is one already.
CREATE FUNCTION demo_generate(scale numeric DEFAULT 1)
RETURNS TABLE (item text, row_count bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
	n bigint;
	t0 timestamptz := date_trunc('day', now()) - interval '14 months';
	models text[];
BEGIN
	IF scale IS NULL OR scale <= 0 OR scale > 400 THEN
		RAISE EXCEPTION 'demo scale must be above 0 and at most 400, not %', scale
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF EXISTS (SELECT 1 FROM panels) OR EXISTS (SELECT 1 FROM stations) THEN
		RAISE EXCEPTION 'the database already holds a factory (% panels, % stations)',
			(SELECT count(*) FROM panels), (SELECT count(*) FROM stations)
			USING ERRCODE = 'object_not_in_prerequisite_state',
			HINT = 'solardash db demo --reset replaces it';
	END IF;
	models := ARRAY(SELECT model FROM module_catalog
		WHERE technology IN ('Mono-c-Si', 'Multi-c-Si') AND cells IN (60, 72, 120, 144)
		  AND stc_w BETWEEN 250 AND 600 ORDER BY md5(model) LIMIT 12);
	IF cardinality(models) = 0 THEN
		models := ARRAY(SELECT model FROM module_catalog ORDER BY model LIMIT 12);
	END IF;
	IF cardinality(models) = 0 THEN
		RAISE EXCEPTION 'module_catalog is empty: load a catalogue first'
			USING ERRCODE = 'object_not_in_prerequisite_state';
	END IF;
	PERFORM setseed(0.2026);
	n := round(50000 * scale);
	PERFORM create_partitions_between(t0 - interval '3 days', now() + interval '6 months');
	PERFORM demo_stations_and_users();
	PERFORM demo_orders(n, t0, models);
	PERFORM demo_panels(n, t0);
	PERFORM demo_insert_panels();
	PERFORM demo_insert_inspections();
	ANALYZE stations, users, module_catalog, order_registry, panel_registry,
		manufacturing_orders, panels, inspections;
	RETURN QUERY
		SELECT 'module_catalog', count(*) FROM module_catalog
		UNION ALL SELECT 'stations', count(*) FROM stations
		UNION ALL SELECT 'users', count(*) FROM users
		UNION ALL SELECT 'manufacturing_orders', count(*) FROM manufacturing_orders
		UNION ALL SELECT 'panels', count(*) FROM panels
		UNION ALL SELECT 'inspections', count(*) FROM inspections;
END
$$;
