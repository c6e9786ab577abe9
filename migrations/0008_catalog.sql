CREATE TABLE "catalog"."application_escalations" (
	"application_id" uuid NOT NULL,
	"clock" text NOT NULL,
	"state" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "application_escalations_application_id_clock_state_due_at_pk" PRIMARY KEY("application_id","clock","state","due_at")
);
--> statement-breakpoint
ALTER TABLE "catalog"."services" ADD COLUMN "withdrawn_at" timestamp with time zone;