CREATE TABLE "platform"."audit_lanes" (
	"lane" smallint PRIMARY KEY NOT NULL,
	"last_id" bigint NOT NULL,
	"previous_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "platform"."audit_log" ADD COLUMN "lane" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- custom SQL (hand-written, keep when regenerating)
-- 32 audit lanes, each starting at the genesis hash; lane 0 continues the single chain of before.
INSERT INTO "platform"."audit_lanes" ("lane", "last_id", "previous_hash", "hash")
SELECT lane, 0, repeat('0', 64), repeat('0', 64) FROM generate_series(0, 31) AS lane
ON CONFLICT ("lane") DO NOTHING;
--> statement-breakpoint
UPDATE "platform"."audit_lanes" SET "last_id" = head."last_id", "hash" = head."hash"
FROM "platform"."audit_head" AS head WHERE "platform"."audit_lanes"."lane" = 0;
