-- Web sessions: the SHA-256 of the session id (never the id itself), the
-- session's data as JSON and when it expires (Unix seconds). In the
-- database, so that several serve processes share them.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  data TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Failed sign-ins per user name (Unix seconds), for the sign-in rate limit.
CREATE TABLE sign_in_failures (
  username TEXT NOT NULL,
  failed_at BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_user ON sign_in_failures (username, failed_at);
