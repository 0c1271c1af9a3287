-- Tokens for machine clients of the JSON API: created for a user by an
-- administrator, acting with that user's role and organisations. Only the
-- SHA-256 of the token is kept; `revoked_at` ends it.
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  username TEXT NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at TEXT
);

-- An organisation's logo for the title page of its PDFs (base64 of a PNG,
-- JPEG or SVG file).
CREATE TABLE logos (
  organisation TEXT PRIMARY KEY REFERENCES organisations (code),
  image TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  uploaded_by TEXT NOT NULL
);
