CREATE TABLE "export_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"actor_id" text NOT NULL,
	"format" text NOT NULL,
	"title" text NOT NULL,
	"phase" text NOT NULL,
	"done" integer NOT NULL,
	"total" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"error" jsonb,
	"file_name" text,
	"file_type" text,
	"file_bytes" integer,
	"file" "bytea"
);
--> statement-breakpoint
CREATE INDEX "export_jobs_finished" ON "export_jobs" USING btree ("finished_at");