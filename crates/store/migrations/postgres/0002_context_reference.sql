-- Context statistics from CBS.
--
-- Region reference data (CBS 84489NED and code lists): per organisation,
-- code and year, the name and the region it lies in.
CREATE TABLE regions (
  organisation TEXT NOT NULL REFERENCES organisations (code),
  code TEXT NOT NULL,
  year BIGINT NOT NULL,
  name TEXT,
  parent TEXT,
  PRIMARY KEY (organisation, code, year)
);

-- Context indicator definitions, and the CBS measure each is taken from.
CREATE TABLE indicator_definitions (
  organisation TEXT NOT NULL REFERENCES organisations (code),
  indicator TEXT NOT NULL,
  name TEXT NOT NULL,
  unit TEXT,
  source TEXT,
  table_id TEXT,
  measure TEXT,
  PRIMARY KEY (organisation, indicator)
);
