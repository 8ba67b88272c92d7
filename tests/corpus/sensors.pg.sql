-- Weather stations and their readings: bounded measurements, small keys, network and time types.
CREATE TABLE station (
	id smallint PRIMARY KEY,
	callsign varchar(8) NOT NULL CHECK (length(callsign) BETWEEN 4 AND 8),
	altitude_m integer NOT NULL CHECK (altitude_m >= -400 AND altitude_m <= 8800),
	uplink cidr NOT NULL,
	radio macaddr NOT NULL,
	service_every interval NOT NULL,
	installed date NOT NULL,
	channels integer[] NOT NULL
);
CREATE TABLE reading (
	id bigserial PRIMARY KEY,
	station_id smallint NOT NULL REFERENCES station(id),
	taken_at timestamptz NOT NULL,
	celsius numeric(5,2) NOT NULL CHECK (celsius BETWEEN -60 AND 60),
	humidity numeric(3,2) NOT NULL CHECK (humidity >= 0),
	quality char(1) NOT NULL CHECK (quality = ANY (ARRAY['A', 'B', 'C'])),
	wind_kmh real CHECK (wind_kmh >= 0),
	noted_at time NOT NULL
);
