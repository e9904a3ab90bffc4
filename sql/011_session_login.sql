-- 011: "trust the OS user" for SSH sessions, done safely. The client does not get to name the
-- user: PostgreSQL has authenticated the session (peer authentication over the local socket
-- proves the OS user), and this answers for session_user only. A shared dashboard account
-- is in no users row, so it gets no identity this way.
CREATE FUNCTION check_session_login()
RETURNS TABLE (user_id int, username text, role text, full_name text, home_station_id int)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
	SELECT u.id, u.username, u.role, u.full_name, u.home_station_id
	FROM users u WHERE u.username = session_user AND u.active
$$;
REVOKE ALL ON FUNCTION check_session_login() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION check_session_login() TO solardash_reader;
