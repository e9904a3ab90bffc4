-- 014: the demo factory has an order running late, so the supervisor's board shows what a
-- late order looks like: the order longest in progress was due yesterday. Otherwise
-- demo_orders() is as in 007.
CREATE OR REPLACE FUNCTION demo_orders(n_panels bigint, t0 timestamptz, models text[]) RETURNS void
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
	-- The order longest in progress was promised for yesterday: waiting on its last panels,
	-- it runs late, as some order on a real board always does.
	UPDATE manufacturing_orders SET expected_completion_date =
		(now() AT TIME ZONE factory_timezone())::date - 1
	WHERE id = (SELECT id FROM manufacturing_orders WHERE status = 'in_progress'
		ORDER BY start_date, order_number LIMIT 1);
END
$$;
