-- The collective activity (effort id) a survey asked about, optional: an
-- impact measurement's statements belong to that activity's card.
ALTER TABLE surveys ADD COLUMN activity TEXT;
