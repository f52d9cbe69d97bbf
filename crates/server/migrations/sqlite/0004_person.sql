-- Issue 16: four eyes by person, not by name. Every flagger (token) belongs to a person, a stable id the operator
-- gives (`tapis token create --person ID`, or `--same-as FLAGGER-ID`), and a reviewer never reviews a flag filed
-- under any token of theirs. Must stay equivalent to ../postgres/0004_person.sql.
--
-- Until now one person was recognised by an equal name and organisation; flaggers registered so far keep that:
-- those alike become one person, `flagger:` and the lowest id among them.
ALTER TABLE flaggers ADD COLUMN person TEXT NOT NULL DEFAULT '';

UPDATE flaggers SET person = (
    SELECT 'flagger:' || CAST(MIN(alike.id) AS TEXT) FROM flaggers AS alike
    WHERE alike.name = flaggers.name AND COALESCE(alike.organisation, '') = COALESCE(flaggers.organisation, '')
);

CREATE INDEX flaggers_person ON flaggers (person);
