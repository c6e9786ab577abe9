CREATE SCHEMA "insights";
--> statement-breakpoint
CREATE TABLE "insights"."activations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"version" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insights"."models" (
	"kind" text NOT NULL,
	"version" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"metadata" jsonb NOT NULL,
	CONSTRAINT "models_kind_version_pk" PRIMARY KEY("kind","version")
);
--> statement-breakpoint
CREATE TABLE "insights"."suggestions" (
	"tracking_id" text PRIMARY KEY NOT NULL,
	"agency_model_version" text,
	"category_model_version" text,
	"agencies" jsonb NOT NULL,
	"categories" jsonb NOT NULL,
	"top_confidence" double precision,
	"shown_at" timestamp with time zone NOT NULL,
	"routed_to" text,
	"routed_at" timestamp with time zone,
	"is_followed" boolean,
	"is_in_top3" boolean,
	"is_automatic" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX "activations_kind_idx" ON "insights"."activations" USING btree ("kind","id");--> statement-breakpoint
CREATE INDEX "suggestions_routed_idx" ON "insights"."suggestions" USING btree ("routed_at");