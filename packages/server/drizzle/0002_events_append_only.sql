-- Workflow steps and their review comments are history too: append-only, like revisions and
-- the audit log.
CREATE TRIGGER workflow_events_append_only BEFORE UPDATE OR DELETE ON workflow_events
  FOR EACH ROW EXECUTE FUNCTION jixiao_refuse_change();
