-- The day a client was put on the waiting list (DOMAIN.md §3, optional):
-- the waiting list per month counts from it, else from the start date.
ALTER TABLE registrations ADD COLUMN waiting_since TEXT;
-- The context indicators a theme's factsheet shows, `|`-separated, in
-- order (empty: every one stored).
ALTER TABLE themes ADD COLUMN context_indicators TEXT;
-- The figures shown beside a goal's interpretation, `|`-separated.
ALTER TABLE goals ADD COLUMN key_figures TEXT;
