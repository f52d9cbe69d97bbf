-- Issue 16: four eyes by person, not by name. Must stay equivalent to ../sqlite/0004_person.sql: see the comments
-- there (flaggers so far alike in name and organisation become one person).
ALTER TABLE flaggers ADD COLUMN person TEXT NOT NULL DEFAULT '';

UPDATE flaggers SET person = (
    SELECT 'flagger:' || CAST(MIN(alike.id) AS TEXT) FROM flaggers AS alike
    WHERE alike.name = flaggers.name AND COALESCE(alike.organisation, '') = COALESCE(flaggers.organisation, '')
);

CREATE INDEX flaggers_person ON flaggers (person);
