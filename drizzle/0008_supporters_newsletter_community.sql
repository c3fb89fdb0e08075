CREATE TABLE "consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" uuid NOT NULL,
	"email" text,
	"email_hash" text NOT NULL,
	"purpose" text NOT NULL,
	"version" text NOT NULL,
	"locale" text NOT NULL,
	"wording" text NOT NULL,
	"source" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmation_sent_at" timestamp with time zone,
	"confirmation_template" text,
	"confirmation_message_id" text,
	"confirmed_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_channel" text,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "consents_status_check" CHECK ("consents"."status" in ('pending', 'confirmed', 'withdrawn', 'expired'))
);
--> statement-breakpoint
CREATE TABLE "email_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"target_id" uuid,
	"email" text NOT NULL,
	"locale" text DEFAULT 'de' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "mail_suppressions" (
	"email_hash" text NOT NULL,
	"scope" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mail_suppressions_email_hash_scope_pk" PRIMARY KEY("email_hash","scope")
);
--> statement-breakpoint
CREATE TABLE "event_exhibitors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"needs" text DEFAULT '' NOT NULL,
	"requested_by" uuid,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "event_exhibitors_status_check" CHECK ("event_exhibitors"."status" in ('requested', 'approved', 'rejected', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "newsletter_deliveries" (
	"issue_id" uuid NOT NULL,
	"subscriber_id" uuid NOT NULL,
	"locale" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"message_id" text,
	"claimed_at" timestamp with time zone,
	"retry_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	CONSTRAINT "newsletter_deliveries_issue_id_subscriber_id_pk" PRIMARY KEY("issue_id","subscriber_id"),
	CONSTRAINT "newsletter_deliveries_status_check" CHECK ("newsletter_deliveries"."status" in ('queued', 'sending', 'sent', 'failed', 'uncertain', 'skipped'))
);
--> statement-breakpoint
CREATE TABLE "newsletter_images" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"issue_id" uuid NOT NULL,
	"storage_key" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"alt" text NOT NULL,
	"rights" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "newsletter_issue_texts" (
	"issue_id" uuid NOT NULL,
	"locale" text NOT NULL,
	"subject" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "newsletter_issue_texts_issue_id_locale_pk" PRIMARY KEY("issue_id","locale")
);
--> statement-breakpoint
CREATE TABLE "newsletter_issues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"segment_topics" text[] DEFAULT '{}' NOT NULL,
	"segment_regions" text[] DEFAULT '{}' NOT NULL,
	"segment_locales" text[] DEFAULT '{}' NOT NULL,
	"scheduled_at" timestamp with time zone,
	"send_started_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"recipient_count" integer DEFAULT 0 NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "newsletter_issues_status_check" CHECK ("newsletter_issues"."status" in ('draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "newsletter_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"submitter_name" text NOT NULL,
	"submitter_email" text NOT NULL,
	"organisation" text,
	"locale" text DEFAULT 'de' NOT NULL,
	"region" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"moderated_at" timestamp with time zone,
	"moderated_by" uuid,
	"moderation_note" text,
	"issue_id" uuid,
	CONSTRAINT "newsletter_submissions_kind_check" CHECK ("newsletter_submissions"."kind" in ('project_news', 'event', 'practical_aid', 'offer')),
	CONSTRAINT "newsletter_submissions_status_check" CHECK ("newsletter_submissions"."status" in ('pending', 'submitted', 'approved', 'rejected', 'used'))
);
--> statement-breakpoint
CREATE TABLE "newsletter_subscribers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"locale" text DEFAULT 'de' NOT NULL,
	"topics" text[] DEFAULT '{}' NOT NULL,
	"regions" text[] DEFAULT '{}' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"link_key" text NOT NULL,
	"supporter_id" uuid,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "newsletter_subscribers_status_check" CHECK ("newsletter_subscribers"."status" in ('pending', 'active'))
);
--> statement-breakpoint
CREATE TABLE "supporters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"email" text NOT NULL,
	"locale" text DEFAULT 'de' NOT NULL,
	"name" text NOT NULL,
	"place_name" text DEFAULT '' NOT NULL,
	"ags" text,
	"district_key" text,
	"region" text,
	"institution_kind" text,
	"website" text,
	"contact_name" text,
	"logo_key" text,
	"logo_rights" text,
	"public_display" boolean DEFAULT false NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "supporters_kind_check" CHECK ("supporters"."kind" in ('person', 'institution')),
	CONSTRAINT "supporters_status_check" CHECK ("supporters"."status" in ('pending', 'confirmed')),
	CONSTRAINT "supporters_region_check" CHECK ("supporters"."region" is null or "supporters"."region" in ('braunschweig', 'leine-weser', 'lueneburg', 'weser-ems')),
	CONSTRAINT "supporters_institution_kind_check" CHECK (("supporters"."kind" = 'institution') = ("supporters"."institution_kind" is not null))
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "submitter_name" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "submitter_email" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "submitter_locale" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "moderated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "moderated_by" uuid;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "moderation_note" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "cancellation_reason" text;--> statement-breakpoint
ALTER TABLE "event_exhibitors" ADD CONSTRAINT "event_exhibitors_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_exhibitors" ADD CONSTRAINT "event_exhibitors_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_exhibitors" ADD CONSTRAINT "event_exhibitors_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_exhibitors" ADD CONSTRAINT "event_exhibitors_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "newsletter_deliveries" ADD CONSTRAINT "newsletter_deliveries_issue_id_newsletter_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."newsletter_issues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "newsletter_images" ADD CONSTRAINT "newsletter_images_issue_id_newsletter_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."newsletter_issues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "newsletter_issue_texts" ADD CONSTRAINT "newsletter_issue_texts_issue_id_newsletter_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."newsletter_issues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "newsletter_issues" ADD CONSTRAINT "newsletter_issues_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "newsletter_issues" ADD CONSTRAINT "newsletter_issues_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "newsletter_submissions" ADD CONSTRAINT "newsletter_submissions_moderated_by_users_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "newsletter_submissions" ADD CONSTRAINT "newsletter_submissions_issue_id_newsletter_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."newsletter_issues"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supporters" ADD CONSTRAINT "supporters_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consents_email_hash_idx" ON "consents" USING btree ("email_hash");--> statement-breakpoint
CREATE INDEX "consents_subject_idx" ON "consents" USING btree ("subject_id","purpose");--> statement-breakpoint
CREATE INDEX "email_tokens_target_idx" ON "email_tokens" USING btree ("target_id");--> statement-breakpoint
CREATE INDEX "email_tokens_expires_idx" ON "email_tokens" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "event_exhibitors_event_project_key" ON "event_exhibitors" USING btree ("event_id","project_id");--> statement-breakpoint
CREATE INDEX "event_exhibitors_event_idx" ON "event_exhibitors" USING btree ("event_id","status");--> statement-breakpoint
CREATE INDEX "newsletter_deliveries_queue_idx" ON "newsletter_deliveries" USING btree ("issue_id","status");--> statement-breakpoint
CREATE INDEX "newsletter_images_issue_idx" ON "newsletter_images" USING btree ("issue_id");--> statement-breakpoint
CREATE UNIQUE INDEX "newsletter_images_storage_key" ON "newsletter_images" USING btree ("storage_key");--> statement-breakpoint
CREATE UNIQUE INDEX "newsletter_issues_slug_key" ON "newsletter_issues" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "newsletter_issues_status_idx" ON "newsletter_issues" USING btree ("status","scheduled_at");--> statement-breakpoint
CREATE INDEX "newsletter_submissions_status_idx" ON "newsletter_submissions" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "newsletter_subscribers_email_key" ON "newsletter_subscribers" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "newsletter_subscribers_active_idx" ON "newsletter_subscribers" USING btree ("locale") WHERE "newsletter_subscribers"."status" = 'active';--> statement-breakpoint
CREATE INDEX "newsletter_subscribers_topics_idx" ON "newsletter_subscribers" USING gin ("topics");--> statement-breakpoint
CREATE INDEX "newsletter_subscribers_regions_idx" ON "newsletter_subscribers" USING gin ("regions");--> statement-breakpoint
CREATE UNIQUE INDEX "supporters_person_email_key" ON "supporters" USING btree (lower("email")) WHERE "supporters"."kind" = 'person';--> statement-breakpoint
CREATE UNIQUE INDEX "supporters_institution_key" ON "supporters" USING btree (lower("email"),lower("name")) WHERE "supporters"."kind" = 'institution';--> statement-breakpoint
CREATE INDEX "supporters_wall_idx" ON "supporters" USING btree ("kind","confirmed_at") WHERE "supporters"."status" = 'confirmed' and "supporters"."public_display";--> statement-breakpoint
CREATE INDEX "supporters_status_idx" ON "supporters" USING btree ("status","created_at");--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_moderated_by_users_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_submitted_idx" ON "events" USING btree ("submitted_at") WHERE "events"."status" = 'submitted';--> statement-breakpoint
CREATE INDEX "events_project_idx" ON "events" USING btree ("project_id");