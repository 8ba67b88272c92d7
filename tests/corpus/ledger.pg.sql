-- Accounts and postings: domains with CHECKs, money, status lists written as ORs, either-or columns.
CREATE DOMAIN positive_cents AS bigint CHECK (VALUE > 0);
CREATE DOMAIN short_code AS varchar(10) CHECK (char_length(VALUE) >= 3);
CREATE TABLE account (
	id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	code short_code NOT NULL,
	owner_name text NOT NULL,
	kind text NOT NULL CHECK (kind = 'asset' OR kind = 'liability' OR kind = 'equity'),
	fee_rate numeric(4,4) NOT NULL,
	balance money NOT NULL,
	meta json,
	avatar bytea,
	words tsvector
);
CREATE TABLE posting (
	id serial PRIMARY KEY,
	account_id integer NOT NULL REFERENCES account(id),
	amount positive_cents NOT NULL,
	memo varchar(140),
	reference varchar(40),
	CONSTRAINT has_text CHECK (memo IS NOT NULL OR reference IS NOT NULL),
	booked_on date NOT NULL,
	total_cents bigint GENERATED ALWAYS AS (amount * 1) STORED
);
