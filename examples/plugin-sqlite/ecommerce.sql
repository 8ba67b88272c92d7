-- E-commerce example schema for the SQLite example plugin (same tables as examples/ecommerce.sql).
CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    email       VARCHAR(120) NOT NULL UNIQUE,
    full_name   VARCHAR(80) NOT NULL,
    phone       VARCHAR(20),
    street      VARCHAR(120),
    is_active   BOOLEAN NOT NULL DEFAULT 1,
    birth_date  DATE,
    created_at  TIMESTAMP NOT NULL
);
CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    sku         VARCHAR(20) NOT NULL UNIQUE,
    name        VARCHAR(120) NOT NULL,
    description TEXT,
    price       DECIMAL(10,2) NOT NULL,
    stock       INTEGER NOT NULL,
    public_id   UUID NOT NULL
);
CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    status      VARCHAR(20) NOT NULL,
    total       DECIMAL(12,2) NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    shipped_at  TIMESTAMP
);
CREATE TABLE order_items (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders(id),
    product_id  INTEGER NOT NULL REFERENCES products(id),
    quantity    INTEGER NOT NULL,
    unit_price  DECIMAL(10,2) NOT NULL
);
