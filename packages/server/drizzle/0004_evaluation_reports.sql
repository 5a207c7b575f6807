CREATE TABLE "evaluation_reports" (
	"region_code" text NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"round_id" text NOT NULL,
	"org_id" text NOT NULL,
	"dept_id" text NOT NULL,
	"year" integer NOT NULL,
	"status" text NOT NULL,
	"name" text NOT NULL,
	"title" text NOT NULL,
	"version" integer NOT NULL,
	"error_count" integer NOT NULL,
	"warning_count" integer NOT NULL,
	"based_on_id" text NOT NULL,
	"based_on_version" integer NOT NULL,
	"light" text,
	"score_centi" integer,
	"grade" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "evaluation_reports_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "evaluation_rounds" (
	"region_code" text NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"month" integer NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "evaluation_rounds_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_reports_identity_uq" ON "evaluation_reports" USING btree ("region_code","round_id","based_on_id");--> statement-breakpoint
CREATE INDEX "evaluation_reports_rollup_idx" ON "evaluation_reports" USING btree ("region_code","year","kind","dept_id");--> statement-breakpoint
CREATE INDEX "evaluation_rounds_year_idx" ON "evaluation_rounds" USING btree ("region_code","year","kind");