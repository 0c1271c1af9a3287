-- Public statistics belong to the installation (issue 27): a CBS table (or
-- another public source) is imported once and every organisation working
-- for a region reads it. An organisation's own figures of its areas stay
-- in context_values.
CREATE TABLE public_context_values (
  indicator TEXT NOT NULL,
  region TEXT NOT NULL,
  period TEXT NOT NULL,
  region_name TEXT,
  value TEXT,
  unit TEXT,
  source TEXT,
  table_id TEXT,
  PRIMARY KEY (indicator, region, period)
);

CREATE TABLE public_indicator_definitions (
  indicator TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  unit TEXT,
  source TEXT,
  table_id TEXT,
  measure TEXT
);

CREATE TABLE public_regions (
  code TEXT NOT NULL,
  year BIGINT NOT NULL,
  name TEXT,
  parent TEXT,
  PRIMARY KEY (code, year)
);

-- What the organisations imported from CBS becomes the installation's:
-- values of CBS regions (NL, PV, GM, WK, BU codes) and the region
-- reference data move; the definitions of CBS tables' measures are copied
-- (an organisation's own definition of an indicator still names it for
-- its pages). Where two organisations
-- hold the same key, the one of the first organisation in code order is
-- kept (they were copies of one CBS table).
INSERT INTO public_context_values
  (indicator, region, period, region_name, value, unit, source, table_id)
SELECT c.indicator, c.region, c.period, c.region_name, c.value, c.unit, c.source, c.table_id
FROM context_values c
WHERE (c.region LIKE 'NL%' OR c.region LIKE 'PV%' OR c.region LIKE 'GM%'
       OR c.region LIKE 'WK%' OR c.region LIKE 'BU%')
  AND c.organisation = (
    SELECT MIN(d.organisation) FROM context_values d
    WHERE d.indicator = c.indicator AND d.region = c.region AND d.period = c.period);
DELETE FROM context_values
WHERE region LIKE 'NL%' OR region LIKE 'PV%' OR region LIKE 'GM%'
   OR region LIKE 'WK%' OR region LIKE 'BU%';

INSERT INTO public_indicator_definitions (indicator, name, unit, source, table_id, measure)
SELECT i.indicator, i.name, i.unit, i.source, i.table_id, i.measure
FROM indicator_definitions i
WHERE i.table_id IS NOT NULL
  AND i.organisation = (
    SELECT MIN(d.organisation) FROM indicator_definitions d
    WHERE d.indicator = i.indicator AND d.table_id IS NOT NULL);

INSERT INTO public_regions (code, year, name, parent)
SELECT r.code, r.year, r.name, r.parent
FROM regions r
WHERE r.organisation = (
    SELECT MIN(d.organisation) FROM regions d WHERE d.code = r.code AND d.year = r.year);
DELETE FROM regions;
