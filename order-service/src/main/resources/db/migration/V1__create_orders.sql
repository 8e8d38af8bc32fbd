-- Orders. Runs unchanged on PostgreSQL and on the embedded HSQLDB.
CREATE TABLE orders (
    id              UUID                     PRIMARY KEY,
    -- A user of user-service; not a foreign key: users live in another service's database.
    user_id         UUID                     NOT NULL,
    total_cents     BIGINT                   NOT NULL,
    -- NULL when the client sent none; several NULLs do not collide.
    idempotency_key VARCHAR(128),
    create_time     TIMESTAMP WITH TIME ZONE NOT NULL,
    -- A key is the client's, so it is unique per buyer: one user's key never returns another's order.
    CONSTRAINT orders_user_idempotency_key UNIQUE (user_id, idempotency_key)
);

-- ListOrders: one user's orders, newest first, by keyset (create_time, id).
CREATE INDEX orders_user_create_time_id_idx ON orders (user_id, create_time DESC, id DESC);

CREATE TABLE order_lines (
    order_id         UUID        NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_number      INTEGER     NOT NULL,
    sku              VARCHAR(64) NOT NULL,
    quantity         INTEGER     NOT NULL,
    unit_price_cents BIGINT      NOT NULL,
    PRIMARY KEY (order_id, line_number)
);
