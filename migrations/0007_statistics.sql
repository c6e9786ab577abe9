CREATE SCHEMA "statistics";
--> statement-breakpoint
CREATE TABLE "statistics"."durations" (
	"stage" text NOT NULL,
	"month" date NOT NULL,
	"agency_key" text NOT NULL,
	"days" integer NOT NULL,
	"reports" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "durations_stage_agency_key_month_days_pk" PRIMARY KEY("stage","agency_key","month","days")
);
--> statement-breakpoint
CREATE TABLE "statistics"."refresh_state" (
	"id" smallint PRIMARY KEY NOT NULL,
	"refreshed_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statistics"."report_facts" (
	"complaint_id" uuid NOT NULL,
	"agency_key" text NOT NULL,
	"month" date NOT NULL,
	"region_key" text NOT NULL,
	"category_key" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"is_report" boolean NOT NULL,
	"is_verified" boolean NOT NULL,
	"is_verified_in_time" boolean NOT NULL,
	"verify_days" integer,
	"is_completion_due" boolean NOT NULL,
	"is_completed_in_time" boolean NOT NULL,
	"complete_days" integer,
	"open_due_at" timestamp with time zone,
	"is_reopened" boolean NOT NULL,
	"is_confirmed" boolean NOT NULL,
	"is_closed_by_silence" boolean NOT NULL,
	"rating" smallint,
	"bounces" integer NOT NULL,
	"transfers" integer NOT NULL,
	CONSTRAINT "report_facts_complaint_id_agency_key_pk" PRIMARY KEY("complaint_id","agency_key")
);
--> statement-breakpoint
CREATE TABLE "statistics"."rollup" (
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"month" date NOT NULL,
	"agency_key" text NOT NULL,
	"region_key" text NOT NULL,
	"reports" integer DEFAULT 0 NOT NULL,
	"verified" integer DEFAULT 0 NOT NULL,
	"verified_in_time" integer DEFAULT 0 NOT NULL,
	"completion_due" integer DEFAULT 0 NOT NULL,
	"completed_in_time" integer DEFAULT 0 NOT NULL,
	"reopened" integer DEFAULT 0 NOT NULL,
	"confirmed" integer DEFAULT 0 NOT NULL,
	"closed_by_silence" integer DEFAULT 0 NOT NULL,
	"ratings" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"bounces" integer DEFAULT 0 NOT NULL,
	"transfers" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_dimension_value_month_agency_key_region_key_pk" PRIMARY KEY("dimension","value","month","agency_key","region_key")
);
--> statement-breakpoint
CREATE INDEX "report_facts_region_idx" ON "statistics"."report_facts" USING btree ("region_key","month");--> statement-breakpoint
CREATE INDEX "report_facts_open_due_idx" ON "statistics"."report_facts" USING btree ("open_due_at");--> statement-breakpoint
CREATE INDEX "rollup_agency_idx" ON "statistics"."rollup" USING btree ("agency_key","dimension","month");--> statement-breakpoint
CREATE INDEX "complaints_updated_idx" ON "complaints"."complaints" USING btree ("updated_at");