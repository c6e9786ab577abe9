CREATE SCHEMA "catalog";
--> statement-breakpoint
CREATE TABLE "catalog"."agency_keys" (
	"key_id" text PRIMARY KEY NOT NULL,
	"agency_id" uuid NOT NULL,
	"public_key" text NOT NULL,
	"private_key_ciphertext" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog"."application_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"actor_id" uuid,
	"actor_role" text NOT NULL,
	"actor_agency_id" uuid,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "catalog"."applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference_number" text NOT NULL,
	"service_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"citizen_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"agency_path" text NOT NULL,
	"status" text NOT NULL,
	"state" text,
	"values_ciphertext" text NOT NULL,
	"prefilled" text[] DEFAULT '{}'::text[] NOT NULL,
	"return_note" text,
	"submitted_at" timestamp with time zone,
	"state_entered_at" timestamp with time zone,
	"state_due_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"returned_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"result_document_id" uuid,
	"bundle_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog"."bundles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference_number" text NOT NULL,
	"citizen_id" uuid NOT NULL,
	"life_event" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog"."issued_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"payload" text NOT NULL,
	"pdf_sha256" text NOT NULL,
	"signature" text NOT NULL,
	"key_id" text NOT NULL,
	"storage_key" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog"."service_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog"."services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"agency_id" uuid NOT NULL,
	"agency_path" text NOT NULL,
	"region_code" text,
	"draft" jsonb NOT NULL,
	"published_version" integer,
	"search_text" text DEFAULT '' NOT NULL,
	"life_events" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"draft_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('indonesian'::regconfig, search_text)) STORED
);
--> statement-breakpoint
CREATE TABLE "catalog"."survey_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"agency_path" text NOT NULL,
	"u1" smallint NOT NULL,
	"u2" smallint NOT NULL,
	"u3" smallint NOT NULL,
	"u4" smallint NOT NULL,
	"u5" smallint NOT NULL,
	"u6" smallint NOT NULL,
	"u7" smallint NOT NULL,
	"u8" smallint NOT NULL,
	"u9" smallint NOT NULL,
	"responded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog"."uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"requirement" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "agency_keys_agency_key" ON "catalog"."agency_keys" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "application_events_application_idx" ON "catalog"."application_events" USING btree ("application_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_reference_key" ON "catalog"."applications" USING btree ("reference_number");--> statement-breakpoint
CREATE INDEX "applications_citizen_idx" ON "catalog"."applications" USING btree ("citizen_id","updated_at");--> statement-breakpoint
CREATE INDEX "applications_queue_idx" ON "catalog"."applications" USING btree ("status","state_due_at");--> statement-breakpoint
CREATE INDEX "applications_agency_path_idx" ON "catalog"."applications" USING btree ("agency_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "applications_bundle_idx" ON "catalog"."applications" USING btree ("bundle_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bundles_reference_key" ON "catalog"."bundles" USING btree ("reference_number");--> statement-breakpoint
CREATE INDEX "bundles_citizen_idx" ON "catalog"."bundles" USING btree ("citizen_id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_versions_key" ON "catalog"."service_versions" USING btree ("service_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "services_agency_slug_key" ON "catalog"."services" USING btree ("agency_id","slug");--> statement-breakpoint
CREATE INDEX "services_agency_path_idx" ON "catalog"."services" USING btree ("agency_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "services_region_idx" ON "catalog"."services" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "services_search_idx" ON "catalog"."services" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "services_life_events_idx" ON "catalog"."services" USING gin ("life_events");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_application_key" ON "catalog"."survey_responses" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "survey_responses_service_idx" ON "catalog"."survey_responses" USING btree ("service_id","responded_at");--> statement-breakpoint
CREATE INDEX "survey_responses_agency_idx" ON "catalog"."survey_responses" USING btree ("agency_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "uploads_application_idx" ON "catalog"."uploads" USING btree ("application_id");
--> statement-breakpoint
-- custom SQL (hand-written, keep when regenerating)
ALTER TABLE "catalog"."survey_responses" ADD CONSTRAINT "survey_responses_scores_check" CHECK (
  "u1" BETWEEN 1 AND 4 AND "u2" BETWEEN 1 AND 4 AND "u3" BETWEEN 1 AND 4 AND "u4" BETWEEN 1 AND 4 AND "u5" BETWEEN 1 AND 4
  AND "u6" BETWEEN 1 AND 4 AND "u7" BETWEEN 1 AND 4 AND "u8" BETWEEN 1 AND 4 AND "u9" BETWEEN 1 AND 4
);
