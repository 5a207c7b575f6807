ALTER TABLE "regions" ADD COLUMN "level" text DEFAULT 'county' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "must_change_reason" text;