-- Per-document roles. user_id '*' is a grant to every user. The commit that creates a document
-- writes its creator's owner grant in the same transaction as its first op, so a created document
-- always has an owner.
CREATE TABLE document_grants (
    collection text   NOT NULL,
    doc_id     text   NOT NULL,
    user_id    text   NOT NULL,
    role       text   NOT NULL CHECK (role IN ('viewer', 'commenter', 'editor', 'owner')),
    granted_by text,
    granted_at bigint NOT NULL,
    PRIMARY KEY (collection, doc_id, user_id)
);

-- "The documents I can see": the grants of one user and of '*', in listing order.
CREATE INDEX document_grants_user_idx ON document_grants (user_id, collection, doc_id);

-- Documents created before access control keep the access they had, where every user could read
-- and edit them: their creator owns them and everyone is an editor. granted_by is NULL on these
-- rows, so an operator can find them; docs/operations.md shows how to make them private.
INSERT INTO document_grants (collection, doc_id, user_id, role, granted_by, granted_at)
SELECT collection, doc_id, created_by, 'owner', NULL, created_at FROM documents
WHERE created_by IS NOT NULL AND created_by <> '*'
ON CONFLICT DO NOTHING;

INSERT INTO document_grants (collection, doc_id, user_id, role, granted_by, granted_at)
SELECT collection, doc_id, '*', 'editor', NULL, created_at FROM documents
ON CONFLICT DO NOTHING;
