-- A pgbench script (dbarena workload run URL --script examples/pgbench-hotspot.sql):
-- keys drawn from a Zipfian distribution, the current count read back with
-- \gset, and a branch on how hot the key is.  It needs this table, with keys
-- 1 .. 1000 * :scale:
--   CREATE TABLE hotspot (k int PRIMARY KEY, n int NOT NULL DEFAULT 0,
--                         hot int NOT NULL DEFAULT 0, warm int NOT NULL DEFAULT 0,
--                         cold int NOT NULL DEFAULT 0);
\set k random_zipfian(1, 1000 * :scale, 1.5)
SELECT n AS cur FROM hotspot WHERE k = :k \gset
\set next :cur + 1
\if :k <= 10
UPDATE hotspot SET n = :next, hot = hot + 1 WHERE k = :k;
\elif :k <= 100
UPDATE hotspot SET n = :next, warm = warm + 1 WHERE k = :k;
\else
UPDATE hotspot SET n = :next, cold = cold + 1 WHERE k = :k;
\endif
