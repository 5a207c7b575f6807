ALTER TABLE "regions" ADD COLUMN "calendar_kept" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- A region that already manages a year keeps its calendar: its years without one close to filing.
UPDATE "regions" SET "calendar_kept" = true WHERE "region_code" IN (SELECT DISTINCT "region_code" FROM "budget_years");
