-- The same shop for MariaDB: CHECKs, YEAR, unsigned and small integers, SET, JSON.
CREATE TABLE vendor (
	id tinyint unsigned AUTO_INCREMENT PRIMARY KEY,
	label varchar(60) NOT NULL,
	rating decimal(4,4) NOT NULL,
	since year NOT NULL,
	level enum('bronze','silver','gold') NOT NULL,
	perks set('ship','wrap','gift') NOT NULL,
	doc longtext NOT NULL CHECK (json_valid(doc)),
	opens time NOT NULL,
	flag bit(1),
	notes mediumtext,
	logo blob
) ENGINE=InnoDB;
CREATE TABLE gadget (
	id int AUTO_INCREMENT PRIMARY KEY,
	vendor_id tinyint unsigned NOT NULL,
	status varchar(12) NOT NULL CHECK (status IN ('draft', 'live', 'retired')),
	price decimal(8,2) NOT NULL CHECK (price > 0 AND price <= 900),
	stock smallint unsigned NOT NULL CHECK (stock BETWEEN 0 AND 50),
	code varchar(20) NOT NULL CHECK (char_length(code) >= 6),
	phone varchar(30),
	email varchar(80),
	CONSTRAINT reach CHECK (NOT (phone IS NULL AND email IS NULL)),
	CONSTRAINT odd_rule CHECK (stock * 2 < price + 200),
	seen_at datetime NOT NULL,
	FOREIGN KEY (vendor_id) REFERENCES vendor(id)
) ENGINE=InnoDB;
