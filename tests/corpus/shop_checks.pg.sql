-- A small shop whose values are fenced by CHECKs, a domain and text-typed columns.
CREATE DOMAIN model_year AS integer CHECK (VALUE >= 1950 AND VALUE <= 2030);
CREATE TYPE tier AS ENUM ('bronze', 'silver', 'gold');
CREATE TABLE vendor (
	id serial PRIMARY KEY,
	label varchar(60) NOT NULL,
	rating numeric(4,4) NOT NULL,
	since model_year NOT NULL,
	level tier NOT NULL,
	homepage text,
	ip inet NOT NULL,
	net cidr,
	mac macaddr,
	tags text[] NOT NULL,
	doc jsonb NOT NULL,
	search tsvector,
	logo bytea,
	opens time NOT NULL,
	lead_time interval NOT NULL,
	fee money NOT NULL
);
CREATE TABLE gadget (
	id serial PRIMARY KEY,
	vendor_id integer NOT NULL REFERENCES vendor(id),
	status varchar(12) NOT NULL CHECK (status IN ('draft', 'live', 'retired')),
	price numeric(8,2) NOT NULL CHECK (price > 0 AND price <= 900),
	stock smallint NOT NULL CHECK (stock BETWEEN 0 AND 50),
	code varchar(20) NOT NULL CHECK (char_length(code) >= 6),
	phone varchar(30),
	email varchar(80),
	CONSTRAINT reach CHECK (NOT (phone IS NULL AND email IS NULL)),
	CONSTRAINT odd_rule CHECK (stock * 2 < price + 200),
	seen_at timestamptz NOT NULL
);
