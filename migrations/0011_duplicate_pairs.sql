CREATE TABLE "complaints"."duplicate_pair_queue" (
	"complaint_id" uuid PRIMARY KEY NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaints"."duplicate_pairs" (
	"first_id" uuid NOT NULL,
	"second_id" uuid NOT NULL,
	"score" real NOT NULL,
	CONSTRAINT "duplicate_pairs_first_id_second_id_pk" PRIMARY KEY("first_id","second_id")
);
--> statement-breakpoint
ALTER TABLE "complaints"."duplicate_pair_queue" ADD CONSTRAINT "duplicate_pair_queue_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "complaints"."complaints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints"."duplicate_pairs" ADD CONSTRAINT "duplicate_pairs_first_id_complaints_id_fk" FOREIGN KEY ("first_id") REFERENCES "complaints"."complaints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints"."duplicate_pairs" ADD CONSTRAINT "duplicate_pairs_second_id_complaints_id_fk" FOREIGN KEY ("second_id") REFERENCES "complaints"."complaints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "duplicate_pairs_second_idx" ON "complaints"."duplicate_pairs" USING btree ("second_id");--> statement-breakpoint
-- custom SQL (hand-written, keep when regenerating)
-- A report's near-duplicate pairs are (re)computed when it is filed, when its title, description or
-- region changes (its old pairs go at once), and when it becomes open and public again (unmerged,
-- reopened, no longer rahasia): whatever writes the row (web, partners, imports, seeds). Open and
-- public = complaints.rules.ts JOINABLE_STATES, not rahasia, filed in the last 90 days (the groups'
-- horizon, duplicates.service.ts SIMILARITY.groupHorizonDays).
CREATE OR REPLACE FUNCTION complaints.queue_duplicate_pairs() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF (NEW.title, NEW.description, NEW.region_code) IS DISTINCT FROM (OLD.title, OLD.description, OLD.region_code) THEN
      DELETE FROM complaints.duplicate_pairs WHERE first_id = NEW.id OR second_id = NEW.id;
    ELSIF OLD.privacy <> 'rahasia'
      AND OLD.status IN ('baru', 'ditunda', 'terdisposisi', 'di_unit', 'diproses', 'menunggu_pelapor') THEN
      RETURN NULL; -- open and public before too: its pairs stand
    END IF;
  END IF;
  IF NEW.privacy <> 'rahasia'
    AND NEW.status IN ('baru', 'ditunda', 'terdisposisi', 'di_unit', 'diproses', 'menunggu_pelapor')
    AND NEW.submitted_at > now() - interval '90 days' THEN
    INSERT INTO complaints.duplicate_pair_queue (complaint_id) VALUES (NEW.id)
    ON CONFLICT (complaint_id) DO UPDATE SET queued_at = excluded.queued_at;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER duplicate_pairs_queue
AFTER INSERT OR UPDATE OF title, description, region_code, status, privacy ON complaints.complaints
FOR EACH ROW EXECUTE FUNCTION complaints.queue_duplicate_pairs();
--> statement-breakpoint
-- Backfill: the open public reports of the last 90 days get their pairs from the job (or the first
-- read of the groups), a whole regency at a time when many are waiting.
INSERT INTO complaints.duplicate_pair_queue (complaint_id)
SELECT id FROM complaints.complaints
WHERE privacy <> 'rahasia'
  AND status IN ('baru', 'ditunda', 'terdisposisi', 'di_unit', 'diproses', 'menunggu_pelapor')
  AND submitted_at > now() - interval '90 days';
