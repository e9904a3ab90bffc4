-- A small, fixed factory for the screen tests: every value a dump shows is set here, and
-- times are relative to now() so that ages and waiting times read the same on every run.
-- Station 3's name carries an escape sequence that must never reach the terminal.
SET client_min_messages = warning;
-- One shift a day, from midnight: the operator's shift counters count "today" below.
DO $$ BEGIN
	EXECUTE format('ALTER DATABASE %I SET solardash.shift_starts = %L', current_database(), '00:00');
END $$;
SELECT count(*) FROM create_partitions_between(date_trunc('month', now()) - interval '3 months',
	now() + interval '7 months');

INSERT INTO module_catalog VALUES
	('Acme Solar AS-400M', 'Acme', 'Mono-c-Si', false, 400, 49.5, 10.3, 1.95, 72),
	('Sunly SL-330P', 'Sunly', 'Multi-c-Si', false, 330, 40.1, 10.2, 1.64, 60);

INSERT INTO stations (id, name, station_type, position) VALUES
	(1, 'Stringer 1', 'stringing', 1),
	(2, 'Pre-lamination EL', 'el_inspection', 2),
	(3, E'Flash\x1b[2J\x1b[Htester', 'flash_test', 3),
	(4, 'Packing', 'packing', 4);

INSERT INTO users (id, username, full_name, role, home_station_id, secret_hash) VALUES
	(1, 'operator', 'Olga Operator', 'operator', 3, crypt('1234', gen_salt('bf', 4))),
	(2, 'supervisor', 'Sam Supervisor', 'supervisor', NULL, crypt('1234', gen_salt('bf', 4))),
	(3, 'manager', 'Mia Manager', 'manager', NULL, crypt('1234', gen_salt('bf', 4))),
	(4, 'admin', 'Ari Admin', 'admin', NULL, crypt('1234', gen_salt('bf', 4)));

INSERT INTO manufacturing_orders (id, order_number, status, start_date, expected_completion_date,
	module_model, quantity) VALUES
	('00000000-0000-0000-0000-000000000001', 'MO-T-0001', 'in_progress', current_date - 10,
	 current_date + 10, 'Acme Solar AS-400M', 8),
	('00000000-0000-0000-0000-000000000002', 'MO-T-0002', 'in_progress', current_date - 20,
	 current_date - 2, 'Sunly SL-330P', 4),
	('00000000-0000-0000-0000-000000000003', 'MO-T-0003', 'planned', current_date + 1,
	 current_date + 30, 'Sunly SL-330P', 10);

-- Order 1: 6 of 8 done; order 2: 1 of 4 done (late); three panels wait at station 3.
INSERT INTO panels (id, barcode, type, status, manufacturing_order_id, current_station_id,
	created_at, updated_at)
SELECT ('00000000-0000-0000-0001-' || lpad(g::text, 12, '0'))::uuid, 'SDT' || lpad(g::text, 5, '0'),
	CASE WHEN g <= 8 THEN 'Acme Solar AS-400M' ELSE 'Sunly SL-330P' END,
	CASE WHEN g <= 6 OR g = 9 THEN 'completed' WHEN g = 12 THEN 'rework' ELSE 'in_progress' END,
	CASE WHEN g <= 8 THEN '00000000-0000-0000-0000-000000000001'::uuid
	     ELSE '00000000-0000-0000-0000-000000000002'::uuid END,
	CASE WHEN g IN (7, 10, 12) THEN 3 WHEN g IN (8, 11) THEN 1 END,
	now() - interval '5 days',
	CASE g WHEN 7 THEN now() - interval '2 hours 5 minutes'
	       WHEN 10 THEN now() - interval '45 minutes'
	       WHEN 12 THEN now() - interval '1 day 3 hours'
	       ELSE now() - interval '4 days' END
FROM generate_series(1, 12) g;

-- The last 29 days at stations 2 and 3 (one inspection a day, a FAIL every 5th day at 2)
-- and today's: at the midpoint between midnight and now, so always "today".
INSERT INTO inspections (panel_id, station_id, inspector_id, result, notes, inspection_date)
SELECT '00000000-0000-0000-0001-000000000001', s, 1,
	CASE WHEN s = 2 AND d % 5 = 0 THEN 'FAIL' ELSE 'PASS' END, NULL,
	date_trunc('day', now()) - d * interval '1 day' + interval '12 hours'
FROM generate_series(1, 29) d, (VALUES (2), (3)) v(s);
INSERT INTO inspections (panel_id, station_id, inspector_id, result, notes, inspection_date)
SELECT ('00000000-0000-0000-0001-' || lpad(g::text, 12, '0'))::uuid, 3, 1,
	CASE WHEN g = 4 THEN 'FAIL' ELSE 'PASS' END,
	CASE WHEN g = 4 THEN E'low power bin\x1b[31m' END,
	date_trunc('day', now()) + (now() - date_trunc('day', now())) * (0.5 - g * 0.01)
FROM generate_series(1, 6) g;

SELECT count(*) FROM refresh_all_materialized_views('fixture');
