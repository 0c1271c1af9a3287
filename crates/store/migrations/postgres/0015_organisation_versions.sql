-- A data version per organisation and one for what the installation
-- shares (issue 26): a change in one organisation keeps every other
-- organisation's cached figures, protection and pages. Every version is
-- a value of the installation's counter (installation.data_version) at
-- the commit that made it, so versions of any kind compare.
ALTER TABLE installation ADD COLUMN shared_version BIGINT NOT NULL DEFAULT 0;
UPDATE installation SET shared_version = data_version;
CREATE TABLE organisation_versions (
    organisation TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
