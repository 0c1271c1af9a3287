
CREATE TABLE installation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  secret_fingerprint TEXT,
  data_version BIGINT NOT NULL
);
INSERT INTO installation (id, secret_fingerprint, data_version) VALUES (1, NULL, 0);

-- Reference data: versioned lists, not enums in code.
CREATE TABLE zrm_domains (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  aliases TEXT NOT NULL,
  position BIGINT NOT NULL,
  list_version BIGINT NOT NULL
);
CREATE TABLE pg_dimensions (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  aliases TEXT NOT NULL,
  position BIGINT NOT NULL,
  list_version BIGINT NOT NULL
);
INSERT INTO zrm_domains (code, name, aliases, position, list_version) VALUES
  ('financien', 'Financiën', '', 1, 1),
  ('werk_opleiding', 'Werk & opleiding', '', 2, 1),
  ('tijdsbesteding', 'Tijdsbesteding', '', 3, 1),
  ('huisvesting', 'Huisvesting', '', 4, 1),
  ('huiselijke_relaties', 'Huiselijke relaties', '', 5, 1),
  ('geestelijke_gezondheid', 'Geestelijke gezondheid', '', 6, 1),
  ('lichamelijke_gezondheid', 'Lichamelijke gezondheid', '', 7, 1),
  ('middelengebruik', 'Middelengebruik', '', 8, 1),
  ('basale_adl', 'Basale ADL', '', 9, 1),
  ('instrumentele_adl', 'Instrumentele ADL', '', 10, 1),
  ('sociaal_netwerk', 'Sociaal netwerk', '', 11, 1),
  ('maatschappelijke_participatie', 'Maatschappelijke participatie', '', 12, 1),
  ('justitie', 'Justitie', '', 13, 1),
  ('ouderschap', 'Sociaal-emotionele ondersteuning (ouderschap)', 'Ouderschap|Sociaal-emotionele ondersteuning', 14, 1);
INSERT INTO pg_dimensions (code, name, aliases, position, list_version) VALUES
  ('lichaamsfuncties', 'Lichaamsfuncties', '', 1, 1),
  ('mentaal_welbevinden', 'Mentaal welbevinden', '', 2, 1),
  ('zingeving', 'Zingeving', '', 3, 1),
  ('kwaliteit_van_leven', 'Kwaliteit van leven', '', 4, 1),
  ('meedoen', 'Meedoen', '', 5, 1),
  ('dagelijks_functioneren', 'Dagelijks functioneren', '', 6, 1);

CREATE TABLE organisations (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  municipalities TEXT NOT NULL,
  areas TEXT NOT NULL
);

CREATE TABLE partners (
  organisation TEXT NOT NULL REFERENCES organisations (code),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  sector TEXT NOT NULL,
  line TEXT NOT NULL,
  areas TEXT NOT NULL,
  PRIMARY KEY (organisation, id)
);

CREATE TABLE themes (
  organisation TEXT NOT NULL REFERENCES organisations (code),
  code TEXT NOT NULL,
  year BIGINT NOT NULL,
  name TEXT NOT NULL,
  zrm_domains TEXT NOT NULL,
  societal_task TEXT,
  PRIMARY KEY (organisation, code, year)
);

CREATE TABLE goals (
  organisation TEXT NOT NULL REFERENCES organisations (code),
  id TEXT NOT NULL,
  theme TEXT NOT NULL,
  goal_type TEXT NOT NULL,
  text_operational TEXT NOT NULL,
  text_original TEXT,
  pg_dimensions TEXT NOT NULL,
  target_indicator TEXT,
  target_baseline TEXT,
  target_value TEXT,
  target_date TEXT,
  PRIMARY KEY (organisation, id)
);

CREATE TABLE efforts (
  organisation TEXT NOT NULL REFERENCES organisations (code),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  description TEXT,
  goals TEXT NOT NULL,
  themes TEXT NOT NULL,
  pg_dimensions TEXT NOT NULL,
  nature TEXT,
  partners TEXT NOT NULL,
  started TEXT,
  stopped TEXT,
  stop_reason TEXT,
  PRIMARY KEY (organisation, id)
);

-- A dated version of an organisation's DIN: the whole network as JSON.
CREATE TABLE din_versions (
  organisation TEXT NOT NULL REFERENCES organisations (code),
  as_of TEXT NOT NULL,
  snapshot TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (organisation, as_of)
);

CREATE TABLE registrations (
  organisation TEXT NOT NULL REFERENCES organisations (code),
  id TEXT NOT NULL,
  area TEXT,
  form TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT,
  first_contact_date TEXT,
  client TEXT,
  age_group TEXT,
  birth_year BIGINT,
  main_domain TEXT NOT NULL REFERENCES zrm_domains (code),
  service TEXT,
  pg_dimensions TEXT NOT NULL,
  referred_by TEXT,
  referred_to TEXT NOT NULL,
  PRIMARY KEY (organisation, id)
);
CREATE INDEX registrations_by_start ON registrations (organisation, start_date);

CREATE TABLE zrm_scores (
  organisation TEXT NOT NULL,
  registration_id TEXT NOT NULL,
  domain TEXT NOT NULL REFERENCES zrm_domains (code),
  start_score BIGINT,
  goal_score BIGINT,
  end_score BIGINT,
  PRIMARY KEY (organisation, registration_id, domain),
  FOREIGN KEY (organisation, registration_id) REFERENCES registrations (organisation, id) ON DELETE CASCADE
);

-- area and grp are '' when absent: they are part of the key.
CREATE TABLE collective_periods (
  organisation TEXT NOT NULL REFERENCES organisations (code),
  activity TEXT NOT NULL,
  area TEXT NOT NULL,
  grp TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  meetings BIGINT,
  participants_total BIGINT,
  participants_avg TEXT,
  nature TEXT,
  pg_dimensions TEXT NOT NULL,
  strength_start BIGINT,
  strength_end BIGINT,
  status TEXT NOT NULL,
  PRIMARY KEY (organisation, activity, area, grp, period_start)
);

CREATE TABLE reach_plans (
  organisation TEXT NOT NULL REFERENCES organisations (code),
  year BIGINT NOT NULL,
  societal_task TEXT NOT NULL,
  service TEXT NOT NULL,
  planned BIGINT NOT NULL,
  achieved BIGINT,
  PRIMARY KEY (organisation, year, societal_task, service)
);

CREATE TABLE surveys (
  organisation TEXT NOT NULL REFERENCES organisations (code),
  id TEXT NOT NULL,
  kind TEXT NOT NULL,
  year BIGINT NOT NULL,
  asked BIGINT,
  responses BIGINT,
  PRIMARY KEY (organisation, id)
);

CREATE TABLE survey_answers (
  organisation TEXT NOT NULL,
  survey TEXT NOT NULL,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  count BIGINT NOT NULL,
  PRIMARY KEY (organisation, survey, question, answer),
  FOREIGN KEY (organisation, survey) REFERENCES surveys (organisation, id)
);

CREATE TABLE context_values (
  organisation TEXT NOT NULL REFERENCES organisations (code),
  indicator TEXT NOT NULL,
  region TEXT NOT NULL,
  period TEXT NOT NULL,
  region_name TEXT,
  value TEXT,
  unit TEXT,
  source TEXT,
  table_id TEXT,
  PRIMARY KEY (organisation, indicator, region, period)
);

-- goal is '' when absent: it is part of the key.
CREATE TABLE narratives (
  organisation TEXT NOT NULL REFERENCES organisations (code),
  theme TEXT NOT NULL,
  year BIGINT NOT NULL,
  section TEXT NOT NULL,
  goal TEXT NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (organisation, theme, year, section, goal)
);

CREATE TABLE area_profiles (
  organisation TEXT NOT NULL REFERENCES organisations (code),
  area TEXT NOT NULL,
  municipality TEXT NOT NULL,
  year BIGINT NOT NULL,
  section TEXT NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (organisation, area, municipality, year, section)
);

-- Every version of a narrative or area-profile text, with who and when.
CREATE TABLE narratives_history (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation TEXT NOT NULL,
  theme TEXT NOT NULL,
  year BIGINT NOT NULL,
  section TEXT NOT NULL,
  goal TEXT NOT NULL,
  text TEXT NOT NULL,
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL
);
CREATE TABLE area_profiles_history (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation TEXT NOT NULL,
  area TEXT NOT NULL,
  municipality TEXT NOT NULL,
  year BIGINT NOT NULL,
  section TEXT NOT NULL,
  text TEXT NOT NULL,
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL
);

-- Who changed what, when.
CREATE TABLE audit_log (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
