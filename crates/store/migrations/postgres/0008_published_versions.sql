-- Every version of a page a researcher published, frozen: the publication
-- as the municipality saw it (suppressed, as JSON, without the counts
-- before suppression), the API's figures of its selection where it has
-- them, the data version it was computed from, who published it and when;
-- a withdrawn version keeps its reason. A viewer reads the latest version
-- of a page unless it is withdrawn; staff read them all.
CREATE TABLE published_versions (
  organisation TEXT NOT NULL REFERENCES organisations (code),
  page TEXT NOT NULL,
  version BIGINT NOT NULL,
  data_version BIGINT NOT NULL,
  publication TEXT NOT NULL,
  figures TEXT,
  published_at TEXT NOT NULL,
  published_by TEXT NOT NULL,
  withdrawn_at TEXT,
  withdrawn_by TEXT,
  withdraw_reason TEXT,
  PRIMARY KEY (organisation, page, version)
);
