-- How an organisation's own exports are read (issue 24): per source a saved
-- mapping of its columns and values onto one interchange file kind, kept as
-- the mapping's JSON. Column names, value labels and codes: nothing about a
-- client.
CREATE TABLE import_mappings (
  organisation TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  mapping TEXT NOT NULL,
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  PRIMARY KEY (organisation, name)
);

-- Every import that stored or was refused, per organisation: who, when,
-- which files and mapping, the counts, and the report as JSON (a report
-- names lines, columns, codes and dates; a private column's values never
-- reach it).
CREATE TABLE import_history (
  id TEXT PRIMARY KEY,
  organisation TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  files TEXT NOT NULL,
  mapping TEXT,
  stored BIGINT NOT NULL,
  inserted BIGINT NOT NULL,
  updated BIGINT NOT NULL,
  unchanged BIGINT NOT NULL,
  rejected BIGINT NOT NULL,
  report TEXT NOT NULL
);
CREATE INDEX import_history_by_organisation ON import_history (organisation, at);
