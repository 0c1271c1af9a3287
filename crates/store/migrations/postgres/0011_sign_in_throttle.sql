-- The sign-in throttle: per key (a source address, a user name, or the two
-- together; each as SHA-256, never the text typed) how many attempts
-- count against it, until when further attempts wait, and when the last
-- one came (Unix seconds). It replaces the list of failed sign-ins, whose
-- count was read before a password was checked and written after.
DROP TABLE sign_in_failures;
CREATE TABLE sign_in_throttle (
  key TEXT PRIMARY KEY,
  failures BIGINT NOT NULL,
  blocked_until BIGINT NOT NULL,
  last_at BIGINT NOT NULL
);
CREATE INDEX sign_in_throttle_last ON sign_in_throttle (last_at);

-- Clients erased on request, per organisation, as the SHA-256 of
-- "erased:" and their pseudonym (not the pseudonym, which an erasure
-- removes from every table): an erasure run again after it was stopped
-- past its commit knows them as erased, not as unknown codes.
CREATE TABLE erased_clients (
  organisation TEXT NOT NULL,
  client_digest TEXT NOT NULL,
  erased_at TEXT NOT NULL,
  PRIMARY KEY (organisation, client_digest)
);
