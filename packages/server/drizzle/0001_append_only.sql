-- Revisions and the audit log are append-only: UPDATE and DELETE are refused in the database
-- itself, whatever the application does. (TRUNCATE, used by restore into a fresh database, is
-- not a row operation and is not affected.)
CREATE OR REPLACE FUNCTION jixiao_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'jixiao: % is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER table_revisions_append_only BEFORE UPDATE OR DELETE ON table_revisions
  FOR EACH ROW EXECUTE FUNCTION jixiao_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION jixiao_refuse_change();
