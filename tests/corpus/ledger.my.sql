-- Accounts and postings for MariaDB: CHECKs as ORs, either-or columns, JSON, generated columns.
CREATE TABLE account (
	id int AUTO_INCREMENT PRIMARY KEY,
	code varchar(10) NOT NULL CHECK (char_length(code) >= 3),
	owner_name varchar(80) NOT NULL,
	kind varchar(12) NOT NULL CHECK (kind = 'asset' OR kind = 'liability' OR kind = 'equity'),
	fee_rate decimal(4,4) NOT NULL,
	meta json,
	avatar mediumblob,
	active bit(1) NOT NULL
) ENGINE=InnoDB;
CREATE TABLE posting (
	id int AUTO_INCREMENT PRIMARY KEY,
	account_id int NOT NULL,
	amount bigint NOT NULL CHECK (amount > 0),
	memo varchar(140),
	reference varchar(40),
	CONSTRAINT has_text CHECK (memo IS NOT NULL OR reference IS NOT NULL),
	booked_on date NOT NULL,
	total_cents bigint AS (amount * 1) PERSISTENT,
	FOREIGN KEY (account_id) REFERENCES account(id)
) ENGINE=InnoDB;
