-- Users. Runs unchanged on PostgreSQL and on the embedded HSQLDB.
CREATE TABLE users (
    id           UUID                     PRIMARY KEY,
    -- Stored trimmed and lower-cased by the service, so the unique constraint is case-insensitive.
    email        VARCHAR(254)             NOT NULL,
    -- The service allows 200 code points; 400 leaves room for HSQLDB, which counts UTF-16 units.
    display_name VARCHAR(400)             NOT NULL,
    status       VARCHAR(16)              NOT NULL,
    create_time  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_status_check CHECK (status IN ('ACTIVE', 'SUSPENDED'))
);

-- Keyset pagination of ListUsers: ORDER BY create_time, id.
CREATE INDEX users_create_time_id_idx ON users (create_time, id);

-- ListUsers filtered by status: the same order within one status.
CREATE INDEX users_status_create_time_id_idx ON users (status, create_time, id);
