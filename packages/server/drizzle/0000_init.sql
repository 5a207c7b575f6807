CREATE TABLE "audit_heads" (
	"region_code" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"region_code" text NOT NULL,
	"seq" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" text,
	"actor_login" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"details" jsonb NOT NULL,
	"ip" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_log_region_code_seq_pk" PRIMARY KEY("region_code","seq")
);
--> statement-breakpoint
CREATE TABLE "orgs" (
	"region_code" text NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"parent_id" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "orgs_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"region_code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"region_code" text NOT NULL,
	"id" text NOT NULL,
	"user_id" text NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sessions_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "table_revisions" (
	"region_code" text NOT NULL,
	"table_id" text NOT NULL,
	"version" integer NOT NULL,
	"document" jsonb NOT NULL,
	"findings" jsonb NOT NULL,
	"error_count" integer NOT NULL,
	"warning_count" integer NOT NULL,
	"author_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "table_revisions_region_code_table_id_version_pk" PRIMARY KEY("region_code","table_id","version")
);
--> statement-breakpoint
CREATE TABLE "target_tables" (
	"region_code" text NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"org_id" text NOT NULL,
	"dept_id" text NOT NULL,
	"year" integer NOT NULL,
	"stage" text NOT NULL,
	"status" text NOT NULL,
	"name" text NOT NULL,
	"title" text NOT NULL,
	"version" integer NOT NULL,
	"error_count" integer NOT NULL,
	"warning_count" integer NOT NULL,
	"current_amount_fen" bigint,
	"based_on_id" text,
	"based_on_version" integer,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "target_tables_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"region_code" text NOT NULL,
	"id" text NOT NULL,
	"login" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"org_id" text NOT NULL,
	"role" text NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "users_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE TABLE "workflow_events" (
	"region_code" text NOT NULL,
	"id" text NOT NULL,
	"table_id" text NOT NULL,
	"action" text NOT NULL,
	"from_status" text NOT NULL,
	"to_status" text NOT NULL,
	"version" integer NOT NULL,
	"actor_id" text NOT NULL,
	"comment" text NOT NULL,
	"field_comments" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "workflow_events_region_code_id_pk" PRIMARY KEY("region_code","id")
);
--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("region_code","at");--> statement-breakpoint
CREATE UNIQUE INDEX "orgs_code_uq" ON "orgs" USING btree ("region_code","code");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_id_uq" ON "sessions" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "target_tables_identity_uq" ON "target_tables" USING btree ("region_code","org_id","kind","year","stage","name");--> statement-breakpoint
CREATE INDEX "target_tables_list_idx" ON "target_tables" USING btree ("region_code","year","stage","status");--> statement-breakpoint
CREATE INDEX "target_tables_dept_idx" ON "target_tables" USING btree ("region_code","dept_id","year","stage");--> statement-breakpoint
CREATE UNIQUE INDEX "users_login_uq" ON "users" USING btree ("login");--> statement-breakpoint
CREATE INDEX "workflow_events_table_idx" ON "workflow_events" USING btree ("region_code","table_id","created_at");