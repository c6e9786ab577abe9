CREATE TABLE "complaints"."merges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"primary_id" uuid NOT NULL,
	"duplicate_id" uuid NOT NULL,
	"merged_at" timestamp with time zone NOT NULL,
	"merged_by" uuid NOT NULL,
	"note" text NOT NULL,
	"previous_status" text NOT NULL,
	"previous_archive_reason" text,
	"previous_closed_at" timestamp with time zone,
	"unmerged_at" timestamp with time zone,
	"unmerged_by" uuid
);
--> statement-breakpoint
ALTER TABLE "complaints"."reporters" ADD COLUMN "source_complaint_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "merges_active_duplicate_key" ON "complaints"."merges" USING btree ("duplicate_id") WHERE "complaints"."merges"."unmerged_at" is null;--> statement-breakpoint
CREATE INDEX "merges_primary_idx" ON "complaints"."merges" USING btree ("primary_id");--> statement-breakpoint
CREATE INDEX "reporters_source_idx" ON "complaints"."reporters" USING btree ("source_complaint_id");
--> statement-breakpoint
-- custom SQL (hand-written, keep when regenerating)
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "complaints_title_trgm_idx" ON "complaints"."complaints" USING gin ("title" gin_trgm_ops);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION complaints.content_lexemes(document tsvector) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  -- The 'indonesian' configuration stems but keeps function words; these would make any two reports look alike.
  SELECT tsvector_to_array(ts_delete(document, ARRAY[
    'ada','adalah','agar','akan','anda','atas','atau','bagi','bahwa','banyak','belum','beliau','bisa',
    'bu','dalam','dan','dari','dengan','di','dia','hal','hari','ini','itu','jadi','juga','kalau','kami',
    'karena','ke','kita','lagi','mas','masih','mereka','mohon','nya','oleh','pada','pak','para','saat',
    'sama','sampai','sangat','saya','se','sebagai','sejak','sekali','selalu','semua','serta','setiap',
    'sudah','supaya','tapi','tersebut','tidak','tolong','untuk','warga','yang'
  ]::text[]))
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION complaints.text_similarity(a tsvector, b tsvector) RETURNS real
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  -- Dice coefficient of the two texts' stemmed content words: 1 for the same words, 0 for none shared.
  WITH words AS (SELECT complaints.content_lexemes(a) AS a, complaints.content_lexemes(b) AS b)
  SELECT CASE WHEN cardinality(words.a) + cardinality(words.b) = 0 THEN 0::real
    ELSE (2 * (SELECT count(*) FROM unnest(words.a) AS word WHERE word = ANY (words.b)))::real
      / (cardinality(words.a) + cardinality(words.b)) END
  FROM words
$$;
