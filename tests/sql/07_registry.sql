-- Keys unique across partitions and references into partitioned tables, kept by the registry
-- tables: duplicates refused, moves between partitions kept, deletes cascaded or refused.
BEGIN;
SELECT plan(10);

CREATE TEMP TABLE one AS SELECT p.id, p.barcode, p.created_at FROM panels p
	WHERE EXISTS (SELECT 1 FROM inspections i WHERE i.panel_id = p.id) LIMIT 1;

SELECT is((SELECT count(*) FROM panels), (SELECT count(*) FROM panel_registry), 'one registry row per panel');
SELECT is((SELECT count(*) FROM manufacturing_orders), (SELECT count(*) FROM order_registry), 'one registry row per order');
SELECT throws_ok($$INSERT INTO panels (id, barcode, type, created_at)
	SELECT id, 'NEW-BARCODE', 'x', created_at + interval '1 month' FROM one$$, '23505', NULL,
	'the same panel id in another partition is refused');
SELECT throws_ok($$INSERT INTO manufacturing_orders (order_number, start_date, expected_completion_date, module_model, quantity)
	SELECT order_number, start_date + 200, start_date + 210, 'm', 1 FROM manufacturing_orders LIMIT 1$$, '23505', NULL,
	'an order number is unique across quarters');
SELECT lives_ok($$UPDATE panels SET created_at = created_at - interval '40 days' WHERE id = (SELECT id FROM one)$$,
	'a panel moved to another month by an update of created_at');
SELECT is((SELECT r.created_at FROM panel_registry r WHERE r.id = (SELECT id FROM one)),
	(SELECT created_at - interval '40 days' FROM one), 'keeps its registry row, in step');
SELECT lives_ok($$UPDATE manufacturing_orders SET start_date = start_date + 120,
	expected_completion_date = expected_completion_date + 120
	WHERE order_number = (SELECT min(order_number) FROM manufacturing_orders)$$, 'an order moved to another quarter');
SELECT is((SELECT count(*)::int FROM order_registry r JOIN manufacturing_orders m USING (id) WHERE r.start_date <> m.start_date), 0,
	'its registry row follows');
SELECT throws_ok($$DELETE FROM panels WHERE id = (SELECT id FROM one)$$, '23503', NULL,
	'a panel with inspections cannot be deleted');
DELETE FROM inspections WHERE panel_id = (SELECT id FROM one);
DELETE FROM panels WHERE id = (SELECT id FROM one);
SELECT is((SELECT count(*)::int FROM panel_registry WHERE id = (SELECT id FROM one)), 0,
	'deleting the panel deletes its registry row');

SELECT * FROM finish();
ROLLBACK;
