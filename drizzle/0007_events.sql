CREATE TABLE "event_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"locale" text DEFAULT 'de' NOT NULL,
	"organisation" text,
	"dietary" text,
	"accessibility_needs" text,
	"interpreter_language" text,
	"consent_text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	"waitlisted_at" timestamp with time zone,
	"offered_at" timestamp with time zone,
	"offer_expires_at" timestamp with time zone,
	"seat_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	"checked_in_by" uuid,
	"reminder_sent_at" timestamp with time zone,
	CONSTRAINT "event_registrations_status_check" CHECK ("event_registrations"."status" in ('pending', 'confirmed', 'waitlisted', 'offered', 'cancelled', 'expired')),
	CONSTRAINT "event_registrations_offer_check" CHECK ("event_registrations"."status" <> 'offered' or "event_registrations"."offer_expires_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "event_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"registration_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "event_tokens_purpose_check" CHECK ("event_tokens"."purpose" in ('confirm', 'cancel', 'accept'))
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"text_locale" text DEFAULT 'de' NOT NULL,
	"fields" text[] DEFAULT '{}' NOT NULL,
	"region" text,
	"online" text DEFAULT 'no' NOT NULL,
	"online_url" text,
	"venue_name" text,
	"street" text,
	"postcode" text,
	"place_name" text,
	"ags" text,
	"district_key" text,
	"lat" double precision,
	"lon" double precision,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"step_free" text DEFAULT 'unknown' NOT NULL,
	"accessibility" text DEFAULT '' NOT NULL,
	"languages" text[] DEFAULT '{}' NOT NULL,
	"interpretation" text[] DEFAULT '{}' NOT NULL,
	"organiser" text DEFAULT '' NOT NULL,
	"contact_email" text,
	"contact_phone" text,
	"website" text,
	"series_id" uuid,
	"project_id" uuid,
	"registration_enabled" boolean DEFAULT false NOT NULL,
	"registration_open" boolean DEFAULT true NOT NULL,
	"capacity" integer,
	"seats_taken" integer DEFAULT 0 NOT NULL,
	"registration_opens_at" timestamp with time zone,
	"registration_closes_at" timestamp with time zone,
	"questions" text[] DEFAULT '{}' NOT NULL,
	"consent_text" text DEFAULT '' NOT NULL,
	"offer_hours" integer DEFAULT 24 NOT NULL,
	"final_confirmed" integer,
	"final_checked_in" integer,
	"demo" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "events_kind_check" CHECK ("events"."kind" in ('integration_conference', 'regional_conference', 'follow_up', 'workshop_forum', 'market', 'thank_you', 'workshop', 'online_forum', 'community')),
	CONSTRAINT "events_status_check" CHECK ("events"."status" in ('draft', 'submitted', 'published', 'rejected', 'cancelled')),
	CONSTRAINT "events_online_check" CHECK ("events"."online" in ('no', 'online', 'hybrid')),
	CONSTRAINT "events_step_free_check" CHECK ("events"."step_free" in ('yes', 'no', 'unknown')),
	CONSTRAINT "events_region_check" CHECK ("events"."region" is null or "events"."region" in ('braunschweig', 'leine-weser', 'lueneburg', 'weser-ems')),
	CONSTRAINT "events_time_check" CHECK ("events"."ends_at" > "events"."starts_at"),
	CONSTRAINT "events_capacity_check" CHECK ("events"."capacity" is null or "events"."capacity" >= 0),
	CONSTRAINT "events_seats_check" CHECK ("events"."seats_taken" >= 0 and ("events"."capacity" is null or "events"."seats_taken" <= "events"."capacity")),
	CONSTRAINT "events_offer_hours_check" CHECK ("events"."offer_hours" between 1 and 168)
);
--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_checked_in_by_users_id_fk" FOREIGN KEY ("checked_in_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_tokens" ADD CONSTRAINT "event_tokens_registration_id_event_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."event_registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_registrations_event_idx" ON "event_registrations" USING btree ("event_id","status");--> statement-breakpoint
CREATE INDEX "event_registrations_waitlist_idx" ON "event_registrations" USING btree ("event_id","waitlisted_at") WHERE "event_registrations"."status" = 'waitlisted';--> statement-breakpoint
CREATE UNIQUE INDEX "event_registrations_live_email_key" ON "event_registrations" USING btree ("event_id",lower("email")) WHERE "event_registrations"."status" in ('pending', 'confirmed', 'waitlisted', 'offered');--> statement-breakpoint
CREATE INDEX "event_tokens_registration_idx" ON "event_tokens" USING btree ("registration_id");--> statement-breakpoint
CREATE UNIQUE INDEX "events_slug_key" ON "events" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "events_published_starts_idx" ON "events" USING btree ("starts_at","id") WHERE "events"."status" = 'published';--> statement-breakpoint
CREATE INDEX "events_series_idx" ON "events" USING btree ("series_id");--> statement-breakpoint
CREATE INDEX "events_fields_idx" ON "events" USING gin ("fields");--> statement-breakpoint
-- Capacity guarantee (ADR 0017): events.seats_taken follows the registrations that hold a seat
-- (confirmed, offered). Every change of such a status updates the event row, so concurrent writers
-- queue on that row's lock, and the CHECK events_seats_check rejects any write that would exceed
-- the capacity, whatever the application code does.
CREATE FUNCTION event_registrations_count_seats() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	held_before boolean := false;
	held_after boolean := false;
BEGIN
	IF TG_OP = 'UPDATE' AND NEW.event_id <> OLD.event_id THEN
		RAISE EXCEPTION 'a registration cannot move to another event';
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		held_before := OLD.status IN ('confirmed', 'offered');
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		held_after := NEW.status IN ('confirmed', 'offered');
	END IF;
	IF held_after AND NOT held_before THEN
		UPDATE events SET seats_taken = seats_taken + 1 WHERE id = NEW.event_id;
	ELSIF held_before AND NOT held_after THEN
		UPDATE events SET seats_taken = seats_taken - 1 WHERE id = OLD.event_id;
	END IF;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER event_registrations_count_seats
	AFTER INSERT OR UPDATE OF status OR DELETE ON event_registrations
	FOR EACH ROW EXECUTE FUNCTION event_registrations_count_seats();
