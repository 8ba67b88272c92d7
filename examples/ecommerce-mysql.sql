-- E-commerce example schema (MySQL / MariaDB). Seed it with examples/ecommerce-seed.ini.
CREATE TABLE users (
    id          bigint PRIMARY KEY,
    email       varchar(120) NOT NULL UNIQUE,
    full_name   varchar(80) NOT NULL,
    phone       varchar(20),
    street      varchar(120),
    is_active   boolean NOT NULL DEFAULT TRUE,
    birth_date  date,
    created_at  datetime(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE products (
    id          bigint PRIMARY KEY,
    sku         varchar(20) NOT NULL UNIQUE,
    name        varchar(120) NOT NULL,
    description text,
    price       decimal(10,2) NOT NULL CHECK (price >= 0),
    stock       int NOT NULL,
    public_id   char(36) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE orders (
    id          bigint PRIMARY KEY,
    user_id     bigint NOT NULL,
    status      enum('pending', 'on hold', 'shipped', 'delivered', 'cancelled') NOT NULL,
    total       decimal(12,2) NOT NULL,
    created_at  datetime(6) NOT NULL,
    shipped_at  datetime(6),
    KEY orders_user_created (user_id, created_at),
    CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE order_items (
    id          bigint AUTO_INCREMENT PRIMARY KEY,
    order_id    bigint NOT NULL,
    product_id  bigint NOT NULL,
    quantity    int NOT NULL CHECK (quantity > 0),
    unit_price  decimal(10,2) NOT NULL,
    CONSTRAINT order_items_order_fk FOREIGN KEY (order_id) REFERENCES orders (id),
    CONSTRAINT order_items_product_fk FOREIGN KEY (product_id) REFERENCES products (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
