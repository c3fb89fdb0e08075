CREATE TABLE "project_locations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "project_locations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"label" text,
	"street" text,
	"postcode" text,
	"place_name" text NOT NULL,
	"ags" text,
	"district_key" text,
	"region" text,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"approximate" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_revisions" (
	"project_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"author_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"snapshot" jsonb NOT NULL,
	CONSTRAINT "project_revisions_project_id_revision_pk" PRIMARY KEY("project_id","revision")
);
--> statement-breakpoint
CREATE TABLE "project_texts" (
	"project_id" uuid NOT NULL,
	"locale" text NOT NULL,
	"title" text NOT NULL,
	"teaser" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'source' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_texts_project_id_locale_pk" PRIMARY KEY("project_id","locale"),
	CONSTRAINT "project_texts_teaser_check" CHECK (char_length("project_texts"."teaser") <= 200),
	CONSTRAINT "project_texts_status_check" CHECK ("project_texts"."status" in ('source', 'current', 'outdated', 'machine'))
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"organisation" text,
	"fields" text[] DEFAULT '{}' NOT NULL,
	"topics" text[] DEFAULT '{}' NOT NULL,
	"offer_types" text[] DEFAULT '{}' NOT NULL,
	"target_groups" text[] DEFAULT '{}' NOT NULL,
	"languages" text[] DEFAULT '{}' NOT NULL,
	"costs" text[] DEFAULT '{}' NOT NULL,
	"barrier_free" text DEFAULT 'unknown' NOT NULL,
	"childcare" boolean DEFAULT false NOT NULL,
	"women_only" boolean DEFAULT false NOT NULL,
	"appointment_needed" boolean DEFAULT false NOT NULL,
	"online" text DEFAULT 'no' NOT NULL,
	"statewide" boolean DEFAULT false NOT NULL,
	"contact" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"licence" text DEFAULT 'CC-BY-4.0' NOT NULL,
	"schedule" jsonb,
	"source_locale" text DEFAULT 'de' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"last_confirmed_at" timestamp with time zone,
	"regions" text[] DEFAULT '{}' NOT NULL,
	"district_keys" text[] DEFAULT '{}' NOT NULL,
	"search_vector" "tsvector",
	"search_text" text DEFAULT '' NOT NULL,
	CONSTRAINT "projects_status_check" CHECK ("projects"."status" in ('draft', 'submitted', 'published', 'rejected', 'archived')),
	CONSTRAINT "projects_online_check" CHECK ("projects"."online" in ('no', 'online', 'hybrid')),
	CONSTRAINT "projects_barrier_free_check" CHECK ("projects"."barrier_free" in ('yes', 'no', 'unknown'))
);
--> statement-breakpoint
ALTER TABLE "project_locations" ADD CONSTRAINT "project_locations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_revisions" ADD CONSTRAINT "project_revisions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_revisions" ADD CONSTRAINT "project_revisions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_texts" ADD CONSTRAINT "project_texts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_locations_project_idx" ON "project_locations" USING btree ("project_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_slug_key" ON "projects" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "projects_published_idx" ON "projects" USING btree ("published_at" DESC NULLS LAST,"id") WHERE "projects"."status" = 'published';--> statement-breakpoint
CREATE INDEX "projects_fields_idx" ON "projects" USING gin ("fields");--> statement-breakpoint
CREATE INDEX "projects_topics_idx" ON "projects" USING gin ("topics");--> statement-breakpoint
CREATE INDEX "projects_offer_types_idx" ON "projects" USING gin ("offer_types");--> statement-breakpoint
CREATE INDEX "projects_target_groups_idx" ON "projects" USING gin ("target_groups");--> statement-breakpoint
CREATE INDEX "projects_languages_idx" ON "projects" USING gin ("languages");--> statement-breakpoint
CREATE INDEX "projects_regions_idx" ON "projects" USING gin ("regions");--> statement-breakpoint
CREATE INDEX "projects_district_keys_idx" ON "projects" USING gin ("district_keys");--> statement-breakpoint
CREATE INDEX "projects_search_vector_idx" ON "projects" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "projects_search_text_idx" ON "projects" USING gin ("search_text" gin_trgm_ops);