#!/usr/bin/env bash
# make demo: a throwaway PostgreSQL, the e-commerce example seeded, a short workload, then cleanup.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
B=${BUILD:-$top/build}
db() { "$B/dbarena" --plugin-dir "$B/plugins" "$@"; }
# Keep the demo's instance away from the user's own instances.
export XDG_STATE_HOME=${DEMO_STATE:-$(mktemp -d /tmp/dbarena-demo.XXXXXX)}
chmod 755 "$XDG_STATE_HOME"   # as root, PostgreSQL runs as the postgres user
name=dbarena-demo-$$
trap 'db destroy "$name" >/dev/null 2>&1 || true; [ -n "${DEMO_STATE:-}" ] || rm -rf "$XDG_STATE_HOME"' EXIT

echo "== dbarena create postgres --name $name"
db create postgres --name "$name"
echo
echo "== schema: examples/ecommerce.sql"
db query "$name" --file "$top/examples/ecommerce.sql" >/dev/null
echo "== dbarena seed $name --config examples/ecommerce-seed.ini"
db seed "$name" --config "$top/examples/ecommerce-seed.ini"
echo
echo "== dbarena workload run $name --pattern ecommerce --tps 100 --duration 10"
db workload run "$name" --pattern ecommerce --tps 100 --duration 10 --connections 4
echo
echo "== dbarena destroy $name"
