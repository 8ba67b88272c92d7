-- Order entry modelled on TPC-C: composite keys made of FK columns, multi-column foreign keys
-- ((w_id, d_id) onto district, (w_id, d_id, c_id) onto customer), small keys, CHECKed rates.
CREATE TABLE warehouse (
	w_id smallint PRIMARY KEY,
	w_name varchar(10) NOT NULL,
	w_street varchar(20) NOT NULL,
	w_city varchar(20) NOT NULL,
	w_zip char(9) NOT NULL,
	w_tax numeric(4,4) NOT NULL CHECK (w_tax >= 0 AND w_tax <= 0.2),
	w_ytd numeric(12,2) NOT NULL DEFAULT 0
);
CREATE TABLE district (
	d_w_id smallint NOT NULL REFERENCES warehouse(w_id),
	d_id smallint NOT NULL CHECK (d_id BETWEEN 1 AND 10),
	d_name varchar(10) NOT NULL,
	d_tax numeric(4,4) NOT NULL,
	d_next_o_id integer NOT NULL DEFAULT 1,
	PRIMARY KEY (d_w_id, d_id)
);
CREATE TABLE customer (
	c_w_id smallint NOT NULL,
	c_d_id smallint NOT NULL,
	c_id integer NOT NULL,
	c_first varchar(16) NOT NULL,
	c_last varchar(16) NOT NULL,
	c_credit char(2) NOT NULL CHECK (c_credit IN ('GC', 'BC')),
	c_discount numeric(4,4) NOT NULL,
	c_balance numeric(12,2) NOT NULL DEFAULT 0,
	c_since timestamp NOT NULL,
	PRIMARY KEY (c_w_id, c_d_id, c_id),
	FOREIGN KEY (c_w_id, c_d_id) REFERENCES district(d_w_id, d_id)
);
CREATE TABLE item (
	i_id integer PRIMARY KEY,
	i_name varchar(24) NOT NULL,
	i_price numeric(5,2) NOT NULL CHECK (i_price > 0),
	i_data varchar(50) NOT NULL
);
CREATE TABLE stock (
	s_w_id smallint NOT NULL REFERENCES warehouse(w_id),
	s_i_id integer NOT NULL REFERENCES item(i_id),
	s_quantity smallint NOT NULL CHECK (s_quantity BETWEEN 10 AND 100),
	s_ytd integer NOT NULL DEFAULT 0,
	PRIMARY KEY (s_w_id, s_i_id)
);
CREATE TABLE orders (
	o_id serial PRIMARY KEY,
	o_w_id smallint NOT NULL,
	o_d_id smallint NOT NULL,
	o_c_id integer NOT NULL,
	o_entry_d timestamp NOT NULL DEFAULT now(),
	o_carrier_id smallint CHECK (o_carrier_id BETWEEN 1 AND 10),
	o_ol_cnt smallint NOT NULL CHECK (o_ol_cnt BETWEEN 5 AND 15),
	FOREIGN KEY (o_w_id, o_d_id, o_c_id) REFERENCES customer(c_w_id, c_d_id, c_id)
);
CREATE TABLE order_line (
	ol_o_id integer NOT NULL REFERENCES orders(o_id),
	ol_number smallint NOT NULL CHECK (ol_number BETWEEN 1 AND 15),
	ol_i_id integer NOT NULL,
	ol_supply_w_id smallint NOT NULL,
	ol_quantity smallint NOT NULL CHECK (ol_quantity > 0),
	ol_amount numeric(6,2) NOT NULL,
	PRIMARY KEY (ol_o_id, ol_number),
	FOREIGN KEY (ol_supply_w_id, ol_i_id) REFERENCES stock(s_w_id, s_i_id)
);
