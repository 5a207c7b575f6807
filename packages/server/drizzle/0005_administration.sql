CREATE TABLE "budget_stages" (
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"stage" text NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "budget_stages_region_code_year_stage_pk" PRIMARY KEY("region_code","year","stage")
);
--> statement-breakpoint
CREATE TABLE "budget_years" (
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"rule_set" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "budget_years_region_code_year_pk" PRIMARY KEY("region_code","year")
);
--> statement-breakpoint
CREATE TABLE "org_events" (
	"region_code" text NOT NULL,
	"id" text NOT NULL,
	"org_id" text NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"batch_id" text,
	"actor_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "org_events_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "project_types" (
	"region_code" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "project_types_region_code_code_pk" PRIMARY KEY("region_code","code")
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"region_code" text NOT NULL,
	"id" text NOT NULL,
	"year" integer NOT NULL,
	"org_id" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"type_code" text NOT NULL,
	"type_name" text NOT NULL,
	"level" integer,
	"parent_code" text,
	"start_year" integer,
	"end_year" integer,
	"total_amount_fen" bigint,
	"current_amount_fen" bigint,
	"raw" jsonb NOT NULL,
	"source" text NOT NULL,
	"removed" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "projects_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "rule_set_versions" (
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"changes" jsonb NOT NULL,
	"comment" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rule_set_versions_region_code_name_version_pk" PRIMARY KEY("region_code","name","version")
);
--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "org_events_org_idx" ON "org_events" USING btree ("region_code","org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_code_uq" ON "projects" USING btree ("region_code","year","code");--> statement-breakpoint
CREATE INDEX "projects_org_idx" ON "projects" USING btree ("region_code","year","org_id");--> statement-breakpoint
-- The organisation history and the rule-set versions are records of what happened: append-only.
CREATE TRIGGER org_events_append_only BEFORE UPDATE OR DELETE ON org_events
  FOR EACH ROW EXECUTE FUNCTION jixiao_refuse_change();
--> statement-breakpoint
CREATE TRIGGER rule_set_versions_append_only BEFORE UPDATE OR DELETE ON rule_set_versions
  FOR EACH ROW EXECUTE FUNCTION jixiao_refuse_change();
