-- The factory's shifts (015): the latest shift start at or before a moment, in the factory's
-- time zone, yesterday's last shift before today's first; a bad setting is named.
BEGIN;
SELECT plan(9);

SET LOCAL solardash.timezone = 'UTC';
SET LOCAL solardash.shift_starts = '';
SELECT is(factory_shift_start('2026-12-03 13:59:59.999999+00'), '2026-12-03 06:00+00'::timestamptz,
	'unset: three shifts; 13:59:59.999999 is still the morning shift');
SELECT is(factory_shift_start('2026-12-03 14:00+00'), '2026-12-03 14:00+00'::timestamptz,
	'a shift starts on its first microsecond');
SELECT is(factory_shift_start('2026-12-03 05:00+00'), '2026-12-02 22:00+00'::timestamptz,
	'before the first shift of the day: yesterday''s night shift');
SELECT is(factory_shift_start('2028-03-01 01:00+00'), '2028-02-29 22:00+00'::timestamptz,
	'the night shift of 29 February');

SET LOCAL solardash.shift_starts = ' 07:30 , 19:30 ';
SELECT is(factory_shift_start('2026-12-03 20:00+00'), '2026-12-03 19:30+00'::timestamptz,
	'two shifts, spaces around the times');

SET LOCAL solardash.timezone = 'Europe/Berlin';
SELECT is(factory_shift_start('2026-12-03 06:00+00'), '2026-12-02 18:30+00'::timestamptz,
	'shift times are local: 07:00 in Berlin is the night shift begun at 19:30 the day before');
SET LOCAL solardash.timezone = 'UTC';

SET LOCAL solardash.shift_starts = 'early,late';
SELECT throws_ok($$SELECT factory_shift_start()$$, '22023',
	'solardash.shift_starts: ''early,late'' is not a list of times such as ''06:00,14:00,22:00''',
	'a bad setting is named with its value');

SET LOCAL solardash.shift_starts = '00:00';
SELECT is(factory_shift_start(), date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
	'one shift from midnight: the shift is today');

SELECT ok(has_function_privilege('solardash_reader', 'factory_shift_start(timestamptz)', 'EXECUTE'),
	'the dashboards may call it');

SELECT * FROM finish();
ROLLBACK;
