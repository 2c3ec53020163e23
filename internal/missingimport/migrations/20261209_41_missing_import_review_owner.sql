-- An import is made for one local authority (authority_id): the
-- coordinator's own, or the one a police officer named on upload. A row to
-- review belongs to one authority (owner_org_id), whose missing
-- coordinators alone see and decide it: the owner of the record the row
-- best matched (candidate_id), or with none the import's authority. Imports
-- made before are taken as made for the importing organisation.
ALTER TABLE missing_imports ADD COLUMN authority_id TEXT REFERENCES organisations (id);
UPDATE missing_imports SET authority_id = organisation_id;
ALTER TABLE missing_import_reviews ADD COLUMN owner_org_id TEXT REFERENCES organisations (id);
ALTER TABLE missing_import_reviews ADD COLUMN candidate_id TEXT;
UPDATE missing_import_reviews SET owner_org_id = (SELECT i.authority_id FROM missing_imports i WHERE i.id = import_id);
CREATE INDEX missing_import_reviews_owner ON missing_import_reviews (owner_org_id, state, created_at);
