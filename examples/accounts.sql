-- Ten accounts of 1000 each, for examples/transactions-workload.ini (PostgreSQL and MariaDB/MySQL).
CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL);
INSERT INTO accounts (id, balance) VALUES (1, 1000), (2, 1000), (3, 1000), (4, 1000), (5, 1000),
  (6, 1000), (7, 1000), (8, 1000), (9, 1000), (10, 1000);
