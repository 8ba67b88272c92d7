-- An audit and metrics store modelled on multi-tenant SaaS event logs: declarative RANGE
-- partitions by time (with a gap: 2023 was archived away) and by an integer bucket, LIST
-- partitions by region, composite keys that carry the partition key, and FKs onto them.
CREATE TABLE tenant (
	id serial PRIMARY KEY,
	name varchar(80) NOT NULL UNIQUE,
	region varchar(8) NOT NULL CHECK (region IN ('eu', 'us', 'apac'))
);
CREATE TABLE event (
	id bigint GENERATED ALWAYS AS IDENTITY,
	occurred_at timestamptz NOT NULL DEFAULT now(),
	tenant_id integer NOT NULL REFERENCES tenant(id),
	kind varchar(20) NOT NULL,
	payload jsonb,
	PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE TABLE event_2021 PARTITION OF event FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');
CREATE TABLE event_2022 PARTITION OF event FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');
CREATE TABLE event_2024 PARTITION OF event FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE event_2025 PARTITION OF event FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE event_2026 PARTITION OF event FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE event_2027 PARTITION OF event FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
CREATE TABLE account (
	id integer NOT NULL,
	region varchar(8) NOT NULL,
	tenant_id integer NOT NULL REFERENCES tenant(id),
	opened_on date NOT NULL,
	PRIMARY KEY (id, region)
) PARTITION BY LIST (region);
CREATE TABLE account_eu PARTITION OF account FOR VALUES IN ('eu');
CREATE TABLE account_us PARTITION OF account FOR VALUES IN ('us', 'ca');
CREATE TABLE account_apac PARTITION OF account FOR VALUES IN ('apac');
CREATE TABLE sample (
	bucket integer NOT NULL,
	seq bigserial,
	account_id integer NOT NULL,
	account_region varchar(8) NOT NULL,
	value double precision NOT NULL,
	PRIMARY KEY (bucket, seq),
	FOREIGN KEY (account_id, account_region) REFERENCES account(id, region)
) PARTITION BY RANGE (bucket);
CREATE TABLE sample_lo PARTITION OF sample FOR VALUES FROM (MINVALUE) TO (500);
CREATE TABLE sample_hi PARTITION OF sample FOR VALUES FROM (500) TO (1000);
