# The seeding suite of t_seed.sh, run against MariaDB (checked with the mariadb client).
source "$ROOT/tests/integration/t_seed.sh"
for f in $(declare -F | awk '{print $3}' | grep '^test_seed_' | grep -v '^test_seed_mysql_'); do
	eval "$(declare -f "$f" | sed "1s/^$f /_pg_$f /")"
	unset -f "$f"
	eval "test_seed_mysql_${f#test_seed_}() { ENGINE=my; _pg_$f; }"
done
