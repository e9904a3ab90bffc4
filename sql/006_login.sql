-- 006: login check. Secrets are bcrypt hashes (pgcrypto crypt + gen_salt('bf')); the function
-- runs as its owner so that the dashboard role never reads users.secret_hash.

CREATE FUNCTION check_login(username text, secret text)
RETURNS TABLE (user_id int, role text, full_name text, home_station_id int)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
#variable_conflict use_column
DECLARE
	u record;
BEGIN
	SELECT * INTO u FROM users WHERE users.username = check_login.username AND users.active;
	IF NOT FOUND THEN
		-- Hash anyway, at the same cost, so the answer time does not reveal which names exist.
		PERFORM crypt(coalesce(check_login.secret, ''), gen_salt('bf', 8));
		RETURN;
	END IF;
	IF crypt(check_login.secret, u.secret_hash) = u.secret_hash THEN
		user_id := u.id;
		role := u.role;
		full_name := u.full_name;
		home_station_id := u.home_station_id;
		RETURN NEXT;
	END IF;
END
$$;
