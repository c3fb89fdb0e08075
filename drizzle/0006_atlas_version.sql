CREATE TABLE "atlas_version" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "atlas_version_single_row" CHECK ("atlas_version"."id" = 1)
);
--> statement-breakpoint
INSERT INTO "atlas_version" ("id", "version") VALUES (1, 0) ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION atlas_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE atlas_version SET version = version + 1, changed_at = now() WHERE id = 1;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER projects_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON projects
	FOR EACH STATEMENT EXECUTE FUNCTION atlas_version_bump();
--> statement-breakpoint
CREATE TRIGGER project_texts_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project_texts
	FOR EACH STATEMENT EXECUTE FUNCTION atlas_version_bump();
--> statement-breakpoint
CREATE TRIGGER project_locations_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project_locations
	FOR EACH STATEMENT EXECUTE FUNCTION atlas_version_bump();
