-- Web sessions: the SHA-256 of the session id (never the id itself), the
-- session's data as JSON and when it expires (Unix seconds). In the
-- database, so that several serve processes share them.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  data TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Failed sign-ins per user name (Unix seconds), for the sign-in rate limit.
CREATE TABLE sign_in_failures (
  username TEXT NOT NULL,
  failed_at INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_user ON sign_in_failures (username, failed_at);

-- Files uploaded on the import page, kept between the check and the
-- confirmation (base64 JSON of name and bytes), for one user and tenant.
CREATE TABLE uploads (
  id_hash TEXT PRIMARY KEY,
  organisation TEXT NOT NULL,
  username TEXT NOT NULL,
  files TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- The pages a researcher published for the municipality: a municipality
-- viewer sees these only. `page` is e.g. `factsheet/armoede/2022`.
CREATE TABLE published_pages (
  organisation TEXT NOT NULL REFERENCES organisations (code),
  page TEXT NOT NULL,
  published_at TEXT NOT NULL,
  published_by TEXT NOT NULL,
  PRIMARY KEY (organisation, page)
);
