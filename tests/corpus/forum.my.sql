-- A discussion forum modelled on phpBB/Discourse for MariaDB: a users <-> posts cycle broken on a
-- nullable FK, self-referencing replies and categories, a junction table keyed by its FKs, a 1:1
-- table whose key is its FK, multi-column uniques, ENUM, JSON, a virtual column and a
-- trigger-filled column.
CREATE TABLE users (
	id int unsigned AUTO_INCREMENT PRIMARY KEY,
	username varchar(60) NOT NULL UNIQUE,
	email varchar(254) NOT NULL UNIQUE,
	trust_level tinyint NOT NULL DEFAULT 0 CHECK (trust_level BETWEEN 0 AND 4),
	created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	last_post_id bigint unsigned,
	invited_by int unsigned,
	FOREIGN KEY (invited_by) REFERENCES users(id)
) ENGINE=InnoDB;
CREATE TABLE user_profile (
	user_id int unsigned PRIMARY KEY,
	bio text,
	website varchar(255),
	prefs json,
	FOREIGN KEY (user_id) REFERENCES users(id)
) ENGINE=InnoDB;
CREATE TABLE category (
	id smallint AUTO_INCREMENT PRIMARY KEY,
	name varchar(50) NOT NULL UNIQUE,
	parent_category_id smallint,
	FOREIGN KEY (parent_category_id) REFERENCES category(id)
) ENGINE=InnoDB;
CREATE TABLE topic (
	id int unsigned AUTO_INCREMENT PRIMARY KEY,
	title varchar(255) NOT NULL,
	category_id smallint NOT NULL,
	user_id int unsigned NOT NULL,
	status enum('open', 'closed', 'archived') NOT NULL DEFAULT 'open',
	views int unsigned NOT NULL DEFAULT 0,
	FOREIGN KEY (category_id) REFERENCES category(id),
	FOREIGN KEY (user_id) REFERENCES users(id)
) ENGINE=InnoDB;
CREATE TABLE post (
	id bigint unsigned AUTO_INCREMENT PRIMARY KEY,
	topic_id int unsigned NOT NULL,
	user_id int unsigned NOT NULL,
	reply_to_post_id bigint unsigned,
	post_number int NOT NULL,
	raw text NOT NULL,
	cooked text,
	raw_length int AS (char_length(raw)) VIRTUAL,
	created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	UNIQUE KEY topic_post (topic_id, post_number),
	FOREIGN KEY (topic_id) REFERENCES topic(id),
	FOREIGN KEY (user_id) REFERENCES users(id),
	FOREIGN KEY (reply_to_post_id) REFERENCES post(id)
) ENGINE=InnoDB;
ALTER TABLE users ADD FOREIGN KEY (last_post_id) REFERENCES post(id);
CREATE TRIGGER post_cook BEFORE INSERT ON post FOR EACH ROW SET NEW.cooked = CONCAT('<p>', NEW.raw, '</p>');
CREATE TABLE tag (
	id int AUTO_INCREMENT PRIMARY KEY,
	name varchar(100) NOT NULL UNIQUE
) ENGINE=InnoDB;
CREATE TABLE topic_tag (
	topic_id int unsigned NOT NULL,
	tag_id int NOT NULL,
	PRIMARY KEY (topic_id, tag_id),
	FOREIGN KEY (topic_id) REFERENCES topic(id),
	FOREIGN KEY (tag_id) REFERENCES tag(id)
) ENGINE=InnoDB;
CREATE TABLE post_like (
	post_id bigint unsigned NOT NULL,
	user_id int unsigned NOT NULL,
	created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (post_id, user_id),
	FOREIGN KEY (post_id) REFERENCES post(id),
	FOREIGN KEY (user_id) REFERENCES users(id)
) ENGINE=InnoDB;
