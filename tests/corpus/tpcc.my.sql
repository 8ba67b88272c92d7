-- Order entry modelled on TPC-C for MariaDB: composite keys made of FK columns, multi-column
-- foreign keys, TINYINT and SMALLINT keys, unsigned columns, CHECKed rates.
CREATE TABLE warehouse (
	w_id tinyint unsigned PRIMARY KEY,
	w_name varchar(10) NOT NULL,
	w_city varchar(20) NOT NULL,
	w_zip char(9) NOT NULL,
	w_tax decimal(4,4) NOT NULL CHECK (w_tax >= 0 AND w_tax <= 0.2),
	w_ytd decimal(12,2) NOT NULL DEFAULT 0
) ENGINE=InnoDB;
CREATE TABLE district (
	d_w_id tinyint unsigned NOT NULL,
	d_id tinyint NOT NULL CHECK (d_id BETWEEN 1 AND 10),
	d_name varchar(10) NOT NULL,
	d_tax decimal(4,4) NOT NULL,
	d_next_o_id int NOT NULL DEFAULT 1,
	PRIMARY KEY (d_w_id, d_id),
	FOREIGN KEY (d_w_id) REFERENCES warehouse(w_id)
) ENGINE=InnoDB;
CREATE TABLE customer (
	c_w_id tinyint unsigned NOT NULL,
	c_d_id tinyint NOT NULL,
	c_id int NOT NULL,
	c_first varchar(16) NOT NULL,
	c_last varchar(16) NOT NULL,
	c_credit char(2) NOT NULL CHECK (c_credit IN ('GC', 'BC')),
	c_discount decimal(4,4) NOT NULL,
	c_balance decimal(12,2) NOT NULL DEFAULT 0,
	c_since datetime NOT NULL,
	PRIMARY KEY (c_w_id, c_d_id, c_id),
	FOREIGN KEY (c_w_id, c_d_id) REFERENCES district(d_w_id, d_id)
) ENGINE=InnoDB;
CREATE TABLE item (
	i_id int PRIMARY KEY,
	i_name varchar(24) NOT NULL,
	i_price decimal(5,2) NOT NULL CHECK (i_price > 0),
	i_data varchar(50) NOT NULL
) ENGINE=InnoDB;
CREATE TABLE stock (
	s_w_id tinyint unsigned NOT NULL,
	s_i_id int NOT NULL,
	s_quantity smallint NOT NULL CHECK (s_quantity BETWEEN 10 AND 100),
	s_ytd int NOT NULL DEFAULT 0,
	PRIMARY KEY (s_w_id, s_i_id),
	FOREIGN KEY (s_w_id) REFERENCES warehouse(w_id),
	FOREIGN KEY (s_i_id) REFERENCES item(i_id)
) ENGINE=InnoDB;
CREATE TABLE orders (
	o_id int AUTO_INCREMENT PRIMARY KEY,
	o_w_id tinyint unsigned NOT NULL,
	o_d_id tinyint NOT NULL,
	o_c_id int NOT NULL,
	o_entry_d timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
	o_carrier_id tinyint CHECK (o_carrier_id BETWEEN 1 AND 10),
	o_ol_cnt tinyint NOT NULL CHECK (o_ol_cnt BETWEEN 5 AND 15),
	FOREIGN KEY (o_w_id, o_d_id, o_c_id) REFERENCES customer(c_w_id, c_d_id, c_id)
) ENGINE=InnoDB;
CREATE TABLE order_line (
	ol_o_id int NOT NULL,
	ol_number tinyint NOT NULL CHECK (ol_number BETWEEN 1 AND 15),
	ol_i_id int NOT NULL,
	ol_supply_w_id tinyint unsigned NOT NULL,
	ol_quantity smallint NOT NULL CHECK (ol_quantity > 0),
	ol_amount decimal(6,2) NOT NULL,
	PRIMARY KEY (ol_o_id, ol_number),
	FOREIGN KEY (ol_o_id) REFERENCES orders(o_id),
	FOREIGN KEY (ol_supply_w_id, ol_i_id) REFERENCES stock(s_w_id, s_i_id)
) ENGINE=InnoDB;
