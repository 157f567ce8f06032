-- The audit record of each event: its RFC 8785 canonical text, fixed at append time; the hash covers exactly it.
-- Records of events appended before it are written by the next migration (audit/AuditFormatUpgrade).
ALTER TABLE event_audit ADD COLUMN content TEXT;
