-- sort=title as people read: case and accents folded, the same on every database.
-- (Hand-written: drizzle-kit does not model functions.) Compared under collate "C", this
-- key orders byte by byte, so neither the database's collation nor its ctype matters.
-- Built only from functions whose result no locale or file changes: lower() under "C"
-- (ASCII only), normalize() (PostgreSQL's own Unicode tables) and translate(). Not
-- unaccent(): its rules file changes between PostgreSQL versions (15 has 1,650 rules,
-- PGlite's 18 has 2,661), and an index must never see its key change.
--   1. ASCII titles, the common case: just lowercased.
--   2. Otherwise NFKD, which splits accents from their letters and spells out ligatures
--      and compatibility forms (ﬃ, ǅ, Ａ, ①); then lowercase ASCII and drop the
--      combining accents (U+0300-U+036F, an E'' string: the same whatever
--      standard_conforming_strings says).
--   3. What NFKD leaves: Latin letters with a stroke to their base letter (Ø o, Ł l, Đ d,
--      ı i) and ß Æ Œ Þ spelled out (ss ae oe th); Greek and Cyrillic capitals to small
--      letters (and ς to σ). Each script is looked at only when the title has some of it:
--      translate() is slow on long lists. Other scripts' capitals stay as they are.
--   4. At most 400 characters: a title has 200, but NFKD can spell one character as 18
--      (U+FDFA), and an index entry must stay under PostgreSQL's 2,704 bytes. Titles equal
--      in their first 400 folded characters tie, and their ids order them.
-- The key only orders: the cursor carries the title itself and the query folds it again.
CREATE FUNCTION tasks_title_key(title text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  -- "C" for every step: the regular expressions then match code points, whatever the
  -- database's default collation.
  key text COLLATE "C" := lower(title COLLATE "C");
BEGIN
  IF octet_length(key) = char_length(key) THEN
    RETURN key;
  END IF;
  key := regexp_replace(lower(normalize(title, NFKD) COLLATE "C"), E'[\u0300-\u036f]', '', 'g');
  IF key ~ '[ÐðĐđĦħıŁłŊŋØøŦŧÆŒÞẞæœþß]' THEN
    key := translate(key, 'ÐðĐđĦħıŁłŊŋØøŦŧÆŒÞẞ', 'ddddhhillnnoottæœþß');
    key := replace(replace(replace(replace(key, 'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe'), 'þ', 'th');
  END IF;
  IF key ~ '[Α-Ως]' THEN
    key := translate(key, 'ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩς', 'αβγδεζηθικλμνξοπρστυφχψωσ');
  END IF;
  IF key ~ '[Ђ-ЯҐ]' THEN
    key := translate(key, 'ЂЄЅІЈЉЊЋЏАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯҐ', 'ђєѕіјљњћџабвгдежзиклмнопрстуфхцчшщъыьэюяґ');
  END IF;
  RETURN left(key, 400);
END
$$;--> statement-breakpoint
DROP INDEX "idx_tasks_user_title";--> statement-breakpoint
CREATE INDEX "idx_tasks_user_title_key" ON "tasks" USING btree ("user_id",(tasks_title_key("title") collate "C"),"id");
