-- The people who sign in: role, tenants ('|'-joined organisation codes),
-- the municipality of a municipality viewer, and the argon2id hash of the
-- password.
CREATE TABLE accounts (
  username TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  organisations TEXT NOT NULL,
  municipality TEXT,
  password_hash TEXT NOT NULL
);
