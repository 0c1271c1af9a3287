-- A region's outline (CBS's Wijk- en buurtkaart, issue 27): the outer
-- rings of its polygons as JSON, for the maps of an organisation's areas.
ALTER TABLE regions ADD COLUMN boundary TEXT;
ALTER TABLE public_regions ADD COLUMN boundary TEXT;
