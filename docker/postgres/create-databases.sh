#!/usr/bin/env bash
# Runs once, when the PostgreSQL volume is new (docker-entrypoint-initdb.d): one database per
# service, each owned by its own role, so neither service can read the other's tables.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE users LOGIN PASSWORD '${USERS_DB_PASSWORD}';
CREATE DATABASE users OWNER users;
CREATE ROLE orders LOGIN PASSWORD '${ORDERS_DB_PASSWORD}';
CREATE DATABASE orders OWNER orders;
SQL
