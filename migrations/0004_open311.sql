CREATE SCHEMA "open311";
--> statement-breakpoint
CREATE TABLE "open311"."api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"region_code" text,
	"rate_limit_per_minute" integer,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "open311"."requests" (
	"token" text PRIMARY KEY NOT NULL,
	"tracking_id" text NOT NULL,
	"api_key_id" uuid NOT NULL,
	"contact" text,
	"address_id" text,
	"media_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "open311"."api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "requests_tracking_id_key" ON "open311"."requests" USING btree ("tracking_id");--> statement-breakpoint
CREATE INDEX "requests_api_key_idx" ON "open311"."requests" USING btree ("api_key_id");