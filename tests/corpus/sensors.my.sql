-- Weather stations for MariaDB: a TINYINT auto-increment key, unsigned and YEAR columns.
CREATE TABLE station (
	id tinyint AUTO_INCREMENT PRIMARY KEY,
	callsign varchar(8) NOT NULL CHECK (char_length(callsign) BETWEEN 4 AND 8),
	altitude_m mediumint NOT NULL CHECK (altitude_m BETWEEN -400 AND 8800),
	built year NOT NULL,
	installed date NOT NULL,
	channels set('vhf','uhf','sat') NOT NULL
) ENGINE=InnoDB;
CREATE TABLE reading (
	id bigint unsigned AUTO_INCREMENT PRIMARY KEY,
	station_id tinyint NOT NULL,
	taken_at datetime NOT NULL,
	celsius decimal(5,2) NOT NULL CHECK (celsius BETWEEN -60 AND 60),
	humidity decimal(3,2) unsigned NOT NULL,
	quality char(1) NOT NULL CHECK (quality IN ('A', 'B', 'C')),
	wind_kmh float CHECK (wind_kmh >= 0),
	noted_at time NOT NULL,
	FOREIGN KEY (station_id) REFERENCES station(id)
) ENGINE=InnoDB;
