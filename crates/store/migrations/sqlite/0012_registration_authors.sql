-- Who registered a registration in the web form (a user name), so that a
-- social worker finds her own registrations ("Mijn registraties"). A
-- registration imported from a file has no author here. Erasure and
-- retention remove a registration's row with the registration.
CREATE TABLE registration_authors (
  organisation TEXT NOT NULL,
  registration_id TEXT NOT NULL,
  user_name TEXT NOT NULL,
  PRIMARY KEY (organisation, registration_id)
);
CREATE INDEX registration_authors_by_user ON registration_authors (organisation, user_name);
