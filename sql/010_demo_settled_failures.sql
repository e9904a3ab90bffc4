-- 010: the demo factory settles its failures. A panel that failed more than two days ago has
-- been dealt with: one sent to rework (pre-lamination EL, flash test) was repaired and
-- finished, any other was scrapped; either way it has left the line. Before this, ~1,400
-- panels sat at their stations for up to 14 months and filled the operators' queues.
CREATE OR REPLACE FUNCTION demo_insert_panels() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
	CREATE TEMP TABLE demo_f ON COMMIT DROP AS
	SELECT p.k,
		p.fail_pos IS NOT NULL AND p.created_at
			+ make_interval(secs => 3600 * p.pace * lf.h_end) < now() - interval '2 days' AS settled,
		p.created_at + make_interval(secs => 3600 * p.pace * lf.h_end) AS failed_at
	FROM demo_p p LEFT JOIN demo_l lf ON lf.position = p.fail_pos;
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
		CASE WHEN f.settled AND p.fail_pos IN (3, 7) THEN 'completed'
			WHEN f.settled THEN 'scrapped'
			WHEN p.fail_pos = 3 THEN 'rework'
			WHEN p.fail_pos = 7 THEN 'rework'
			WHEN p.fail_pos = 8 AND p.u_status < 0.4 THEN 'scrapped'
			WHEN p.fail_pos IS NOT NULL THEN 'failed'
			WHEN p.at_pos IS NOT NULL THEN 'in_progress'
			ELSE 'completed' END,
		p.order_id, CASE WHEN f.settled THEN NULL ELSE coalesce(p.fail_pos, p.at_pos) END,
		p.created_at,
		CASE WHEN f.settled THEN f.failed_at + interval '1 day'
		ELSE least(now(), p.created_at + make_interval(secs => 3600 * p.pace * CASE
			WHEN p.fail_pos IS NOT NULL THEN lf.h_end
			WHEN p.at_pos IS NOT NULL THEN la.h_start
			ELSE (SELECT max(h_end) FROM demo_l) END)) END
	FROM demo_p p
	JOIN demo_f f ON f.k = p.k
	JOIN module_catalog c ON c.model = p.model
	LEFT JOIN demo_l lf ON lf.position = p.fail_pos
	LEFT JOIN demo_l la ON la.position = p.at_pos;
END
$$;
REVOKE ALL ON FUNCTION demo_insert_panels() FROM PUBLIC;
