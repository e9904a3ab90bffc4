-- 013: the dashboards may read panel_registry (id -> barcode, one row per panel, not
-- partitioned). A station's last inspections look their barcodes up there: one index probe
-- per row, where joining panels by id probed every monthly partition's key index.
GRANT SELECT ON panel_registry TO solardash_reader;
