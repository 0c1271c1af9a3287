-- Which theme of an earlier year a theme continues (issue 25): the
-- dashboard follows such themes as one line over the years.
ALTER TABLE themes ADD COLUMN continues TEXT;
