-- An audit and metrics store for MariaDB modelled on multi-tenant SaaS event logs: PARTITION BY
-- RANGE (YEAR(...)), RANGE COLUMNS on a date, LIST on a region number, keys that carry the
-- partition key.  (InnoDB refuses foreign keys on partitioned tables: the children hold plain
-- columns.)
CREATE TABLE tenant (
	id int AUTO_INCREMENT PRIMARY KEY,
	name varchar(80) NOT NULL UNIQUE,
	region_no tinyint NOT NULL CHECK (region_no IN (1, 2, 3))
) ENGINE=InnoDB;
CREATE TABLE event (
	id bigint NOT NULL AUTO_INCREMENT,
	occurred_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	tenant_id int NOT NULL,
	kind varchar(20) NOT NULL,
	payload json,
	PRIMARY KEY (id, occurred_at)
) ENGINE=InnoDB PARTITION BY RANGE (YEAR(occurred_at)) (
	PARTITION p2024 VALUES LESS THAN (2025),
	PARTITION p2025 VALUES LESS THAN (2026),
	PARTITION p2026 VALUES LESS THAN (2027),
	PARTITION p2027 VALUES LESS THAN (2028)
);
CREATE TABLE daily (
	day date NOT NULL,
	tenant_id int NOT NULL,
	hits int unsigned NOT NULL,
	PRIMARY KEY (day, tenant_id)
) ENGINE=InnoDB PARTITION BY RANGE COLUMNS (day) (
	PARTITION d2025 VALUES LESS THAN ('2026-01-01'),
	PARTITION d2026 VALUES LESS THAN ('2027-01-01'),
	PARTITION d2027 VALUES LESS THAN ('2028-01-01')
);
CREATE TABLE account (
	id int NOT NULL,
	region_no tinyint NOT NULL,
	tenant_id int NOT NULL,
	opened_on date NOT NULL,
	PRIMARY KEY (id, region_no)
) ENGINE=InnoDB PARTITION BY LIST (region_no) (
	PARTITION r_eu VALUES IN (1),
	PARTITION r_us VALUES IN (2, 4),
	PARTITION r_apac VALUES IN (3)
);
