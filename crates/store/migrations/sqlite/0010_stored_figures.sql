-- The figures of a year kept before its registrations were purged
-- (retention): per organisation, scope (`year`, `theme:CODE`,
-- `area:NAME`) and year, the figures `compute` gave, as JSON, with the
-- data version they were computed at and when they were kept.
CREATE TABLE stored_figures (
  organisation TEXT NOT NULL REFERENCES organisations (code),
  scope TEXT NOT NULL,
  year BIGINT NOT NULL,
  data_version BIGINT NOT NULL,
  stored_at TEXT NOT NULL,
  figures TEXT NOT NULL,
  PRIMARY KEY (organisation, scope, year)
);
