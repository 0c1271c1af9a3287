-- Erasing a client on request finds its registrations by pseudonym.
CREATE INDEX registrations_by_client ON registrations (organisation, client);
