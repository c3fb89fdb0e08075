CREATE TABLE "atlas_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"locale" text DEFAULT 'de' NOT NULL,
	"query" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"consent_version" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	"unsubscribed_at" timestamp with time zone,
	"last_digest_at" timestamp with time zone,
	CONSTRAINT "atlas_alerts_status_check" CHECK ("atlas_alerts"."status" in ('pending', 'active', 'unsubscribed'))
);
--> statement-breakpoint
CREATE TABLE "atlas_embeds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"query" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "atlas_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"filename" text NOT NULL,
	"status" text DEFAULT 'preview' NOT NULL,
	"rows" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"committed_at" timestamp with time zone,
	CONSTRAINT "atlas_imports_status_check" CHECK ("atlas_imports"."status" in ('preview', 'committed', 'discarded'))
);
--> statement-breakpoint
CREATE TABLE "atlas_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"project_id" uuid,
	"email" text,
	"locale" text DEFAULT 'de' NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "atlas_tokens_purpose_check" CHECK ("atlas_tokens"."purpose" in ('verify_submission', 'invite_owner', 'freshness', 'alert_confirm'))
);
--> statement-breakpoint
CREATE TABLE "ownership_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	CONSTRAINT "ownership_requests_status_check" CHECK ("ownership_requests"."status" in ('pending', 'approved', 'declined'))
);
--> statement-breakpoint
CREATE TABLE "project_images" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"storage_key" text NOT NULL,
	"mime_type" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" integer NOT NULL,
	"alt" text NOT NULL,
	"rights" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "project_owners" (
	"project_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"via" text NOT NULL,
	CONSTRAINT "project_owners_project_id_user_id_pk" PRIMARY KEY("project_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "project_revisions" ADD COLUMN "kind" text DEFAULT 'staff_edit' NOT NULL;--> statement-breakpoint
ALTER TABLE "project_revisions" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "project_revisions" ADD COLUMN "reviewed_by" uuid;--> statement-breakpoint
ALTER TABLE "project_texts" ADD COLUMN "source_revision" integer;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "moderation_note" text;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "moderated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "moderated_by" uuid;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "freshness_mailed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "archived_reason" text;--> statement-breakpoint
ALTER TABLE "atlas_embeds" ADD CONSTRAINT "atlas_embeds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "atlas_imports" ADD CONSTRAINT "atlas_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "atlas_tokens" ADD CONSTRAINT "atlas_tokens_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownership_requests" ADD CONSTRAINT "ownership_requests_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownership_requests" ADD CONSTRAINT "ownership_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownership_requests" ADD CONSTRAINT "ownership_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_images" ADD CONSTRAINT "project_images_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_images" ADD CONSTRAINT "project_images_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_owners" ADD CONSTRAINT "project_owners_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_owners" ADD CONSTRAINT "project_owners_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "atlas_alerts_active_idx" ON "atlas_alerts" USING btree ("last_digest_at") WHERE "atlas_alerts"."status" = 'active';--> statement-breakpoint
CREATE INDEX "atlas_tokens_project_idx" ON "atlas_tokens" USING btree ("project_id","purpose");--> statement-breakpoint
CREATE INDEX "atlas_tokens_expires_idx" ON "atlas_tokens" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "ownership_requests_pending_idx" ON "ownership_requests" USING btree ("created_at") WHERE "ownership_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "project_images_project_idx" ON "project_images" USING btree ("project_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "project_images_storage_key" ON "project_images" USING btree ("storage_key");--> statement-breakpoint
CREATE INDEX "project_owners_user_idx" ON "project_owners" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "project_revisions" ADD CONSTRAINT "project_revisions_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_moderated_by_users_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_revisions_review_idx" ON "project_revisions" USING btree ("at") WHERE "project_revisions"."kind" = 'owner_edit' and "project_revisions"."reviewed_at" is null;--> statement-breakpoint
-- When the source text of an entry changes, its translations no longer say the same:
-- mark human ('current') and machine translations as outdated, so readers see the notice
-- and the translation provider (if configured) picks them up again.
CREATE FUNCTION project_texts_mark_outdated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.status = 'source' AND (OLD.title, OLD.teaser, OLD.description) IS DISTINCT FROM (NEW.title, NEW.teaser, NEW.description) THEN
		UPDATE project_texts SET status = 'outdated'
		WHERE project_id = NEW.project_id AND locale <> NEW.locale AND status IN ('current', 'machine');
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER project_texts_outdated AFTER UPDATE ON project_texts
	FOR EACH ROW WHEN (NEW.status = 'source') EXECUTE FUNCTION project_texts_mark_outdated();
