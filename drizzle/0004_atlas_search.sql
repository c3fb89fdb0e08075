-- Projektatlas search support that drizzle-kit cannot express: text normalisation,
-- distance, derived search columns kept current by triggers, and a point index.
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;
--> statement-breakpoint
-- unaccent() is only STABLE (its dictionary could change); we fix the dictionary, so
-- wrapping it is safe and lets indexes and generated values use it. Hyphens between
-- letters are dropped so that "Sprach-Café" and "Sprachcafé" become the same word.
CREATE OR REPLACE FUNCTION atlas_norm(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT pg_catalog.lower(pg_catalog.regexp_replace(public.unaccent('public.unaccent'::regdictionary, value), '(\w)-(?=\w)', '\1', 'g')) $$;
--> statement-breakpoint
-- Great-circle distance (haversine) in km; plenty for radii of a few dozen kilometres.
CREATE OR REPLACE FUNCTION atlas_distance_km(lat1 double precision, lon1 double precision, lat2 double precision, lon2 double precision)
RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT 2 * 6371.0088 * pg_catalog.asin(pg_catalog.sqrt(LEAST(1.0,
	pg_catalog.power(pg_catalog.sin(pg_catalog.radians(lat2 - lat1) / 2), 2)
	+ pg_catalog.cos(pg_catalog.radians(lat1)) * pg_catalog.cos(pg_catalog.radians(lat2))
	* pg_catalog.power(pg_catalog.sin(pg_catalog.radians(lon2 - lon1) / 2), 2)))) $$;
--> statement-breakpoint
-- Rebuilds the derived search columns of the given projects from their texts and locations.
-- German texts use the german configuration (stemming); other locales the simple one.
CREATE OR REPLACE FUNCTION atlas_refresh(ids uuid[]) RETURNS void
LANGUAGE sql
AS $$
	UPDATE projects p SET
		search_vector =
			setweight(to_tsvector('german', atlas_norm(coalesce(tx.title_de, ''))), 'A')
			|| setweight(to_tsvector('german', atlas_norm(coalesce(tx.teaser_de, '') || ' ' || coalesce(p.organisation, ''))), 'B')
			|| setweight(to_tsvector('german', atlas_norm(coalesce(tx.description_de, ''))), 'C')
			|| setweight(to_tsvector('simple', atlas_norm(coalesce(tx.title_other, '') || ' ' || coalesce(tx.teaser_other, ''))), 'B')
			|| setweight(to_tsvector('simple', atlas_norm(coalesce(tx.description_other, ''))), 'D'),
		search_text = coalesce(atlas_norm(concat_ws(' ', p.organisation, tx.title_de, tx.teaser_de, tx.title_other, tx.teaser_other)), ''),
		regions = coalesce(lo.regions, '{}'),
		district_keys = coalesce(lo.district_keys, '{}')
	FROM unnest(ids) AS u(id)
	LEFT JOIN LATERAL (
		SELECT
			string_agg(t.title, ' ') FILTER (WHERE t.locale = 'de') AS title_de,
			string_agg(t.teaser, ' ') FILTER (WHERE t.locale = 'de') AS teaser_de,
			string_agg(t.description, ' ') FILTER (WHERE t.locale = 'de') AS description_de,
			string_agg(t.title, ' ') FILTER (WHERE t.locale <> 'de') AS title_other,
			string_agg(t.teaser, ' ') FILTER (WHERE t.locale <> 'de') AS teaser_other,
			string_agg(t.description, ' ') FILTER (WHERE t.locale <> 'de') AS description_other
		FROM project_texts t WHERE t.project_id = u.id
	) tx ON true
	LEFT JOIN LATERAL (
		SELECT
			array_agg(DISTINCT l.region) FILTER (WHERE l.region IS NOT NULL) AS regions,
			array_agg(DISTINCT l.district_key) FILTER (WHERE l.district_key IS NOT NULL) AS district_keys
		FROM project_locations l WHERE l.project_id = u.id
	) lo ON true
	WHERE p.id = u.id
$$;
--> statement-breakpoint
-- Statement-level, so a bulk insert of thousands of rows refreshes its projects in one update.
CREATE OR REPLACE FUNCTION atlas_refresh_changed() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
	PERFORM atlas_refresh(ARRAY(SELECT DISTINCT project_id FROM changed));
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER project_texts_refresh_ins AFTER INSERT ON project_texts REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION atlas_refresh_changed();
--> statement-breakpoint
CREATE TRIGGER project_texts_refresh_upd AFTER UPDATE ON project_texts REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION atlas_refresh_changed();
--> statement-breakpoint
CREATE TRIGGER project_texts_refresh_del AFTER DELETE ON project_texts REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION atlas_refresh_changed();
--> statement-breakpoint
CREATE TRIGGER project_locations_refresh_ins AFTER INSERT ON project_locations REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION atlas_refresh_changed();
--> statement-breakpoint
CREATE TRIGGER project_locations_refresh_upd AFTER UPDATE ON project_locations REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION atlas_refresh_changed();
--> statement-breakpoint
CREATE TRIGGER project_locations_refresh_del AFTER DELETE ON project_locations REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION atlas_refresh_changed();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION atlas_refresh_organisation() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
	PERFORM atlas_refresh(ARRAY[NEW.id]);
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER projects_refresh_organisation AFTER UPDATE OF organisation ON projects FOR EACH ROW
	WHEN (OLD.organisation IS DISTINCT FROM NEW.organisation) EXECUTE FUNCTION atlas_refresh_organisation();
--> statement-breakpoint
-- Radius search: a bounding box on this index narrows the candidates before the exact distance.
CREATE INDEX project_locations_point_idx ON project_locations USING gist (point(lon, lat));
--> statement-breakpoint
-- State-wide and online entries join every radius search; this keeps finding them cheap.
CREATE INDEX projects_statewide_published_idx ON projects (id) WHERE statewide AND status = 'published';
