CREATE SCHEMA "complaints";
--> statement-breakpoint
CREATE TABLE "platform"."holidays" (
	"date" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "complaints"."attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"uploaded_by" uuid,
	"uploader_role" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaints"."categories" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"is_oversight" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaints"."complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tracking_id" text NOT NULL,
	"kind" text NOT NULL,
	"is_oversight" boolean DEFAULT false NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"privacy" text NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"category_code" text,
	"region_code" text NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"address" text,
	"suggested_agency_id" uuid,
	"agency_id" uuid,
	"agency_path" text,
	"unit_id" uuid,
	"unit_path" text,
	"recorded_by" uuid,
	"submitted_at" timestamp with time zone NOT NULL,
	"dispositioned_at" timestamp with time zone,
	"plan_posted_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"verification_due_at" timestamp with time zone,
	"plan_due_at" timestamp with time zone,
	"completion_due_at" timestamp with time zone,
	"auto_close_due_at" timestamp with time zone,
	"paused_at" timestamp with time zone,
	"status_before_pause" text,
	"archive_reason" text,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"rating_score" smallint,
	"rating_comment" text,
	"overdue_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('indonesian'::regconfig, title || ' ' || description)) STORED
);
--> statement-breakpoint
CREATE TABLE "complaints"."escalations" (
	"complaint_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "escalations_complaint_id_stage_due_at_pk" PRIMARY KEY("complaint_id","stage","due_at")
);
--> statement-breakpoint
CREATE TABLE "complaints"."events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"complaint_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"actor_id" uuid,
	"actor_role" text NOT NULL,
	"actor_agency_id" uuid,
	"agency_id" uuid,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "complaints"."idempotency_keys" (
	"actor_id" uuid NOT NULL,
	"key" text NOT NULL,
	"complaint_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_actor_id_key_pk" PRIMARY KEY("actor_id","key")
);
--> statement-breakpoint
CREATE TABLE "complaints"."reporters" (
	"complaint_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"is_primary" boolean DEFAULT true NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reporters_complaint_id_user_id_pk" PRIMARY KEY("complaint_id","user_id")
);
--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "platform"."notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "attachments_complaint_idx" ON "complaints"."attachments" USING btree ("complaint_id");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_tracking_id_key" ON "complaints"."complaints" USING btree ("tracking_id");--> statement-breakpoint
CREATE INDEX "complaints_status_idx" ON "complaints"."complaints" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE INDEX "complaints_agency_path_idx" ON "complaints"."complaints" USING btree ("agency_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "complaints_unit_path_idx" ON "complaints"."complaints" USING btree ("unit_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "complaints_region_idx" ON "complaints"."complaints" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "complaints_submitted_idx" ON "complaints"."complaints" USING btree ("submitted_at");--> statement-breakpoint
CREATE INDEX "complaints_search_idx" ON "complaints"."complaints" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "events_complaint_idx" ON "complaints"."events" USING btree ("complaint_id","id");--> statement-breakpoint
CREATE INDEX "events_kind_idx" ON "complaints"."events" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "reporters_user_idx" ON "complaints"."reporters" USING btree ("user_id");