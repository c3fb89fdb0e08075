CREATE TABLE "gazetteer_districts" (
	"ags" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"region" text NOT NULL,
	CONSTRAINT "gazetteer_districts_ags_check" CHECK ("gazetteer_districts"."ags" ~ '^03[1-4][0-9]{2}$')
);
--> statement-breakpoint
CREATE TABLE "gazetteer_places" (
	"id" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"alt_names" text[] DEFAULT '{}' NOT NULL,
	"keys" text[] NOT NULL,
	"base_keys" text[] DEFAULT '{}' NOT NULL,
	"ags" text NOT NULL,
	"district_ags" text NOT NULL,
	"region" text NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"population" integer DEFAULT 0 NOT NULL,
	"feature_code" text NOT NULL,
	"postcodes" text[] DEFAULT '{}' NOT NULL,
	CONSTRAINT "gazetteer_places_ags_check" CHECK ("gazetteer_places"."ags" ~ '^03[0-9]{6}$')
);
--> statement-breakpoint
CREATE TABLE "gazetteer_postcodes" (
	"postcode" text NOT NULL,
	"name" text NOT NULL,
	"name_keys" text[] NOT NULL,
	"place_id" integer,
	"in_lower_saxony" boolean,
	CONSTRAINT "gazetteer_postcodes_postcode_name_pk" PRIMARY KEY("postcode","name")
);
--> statement-breakpoint
ALTER TABLE "gazetteer_places" ADD CONSTRAINT "gazetteer_places_district_ags_gazetteer_districts_ags_fk" FOREIGN KEY ("district_ags") REFERENCES "public"."gazetteer_districts"("ags") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gazetteer_postcodes" ADD CONSTRAINT "gazetteer_postcodes_place_id_gazetteer_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."gazetteer_places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gazetteer_places_ags_idx" ON "gazetteer_places" USING btree ("ags");--> statement-breakpoint
CREATE INDEX "gazetteer_places_postcodes_idx" ON "gazetteer_places" USING gin ("postcodes");--> statement-breakpoint
CREATE INDEX "gazetteer_postcodes_name_keys_idx" ON "gazetteer_postcodes" USING gin ("name_keys");