-- The inbox: one row per notification of one user, newest first by id. Rows are never deleted by
-- Tandem; docs/operations.md shows how to prune read ones.
CREATE TABLE notifications (
    id            bigserial PRIMARY KEY,
    user_id       text   NOT NULL,
    kind          text   NOT NULL,
    collection    text   NOT NULL,
    doc_id        text   NOT NULL,
    actor         text,
    -- The version of the op that caused it (mentions, deletes, restores); NULL for grant changes.
    version       bigint,
    role          text,
    previous_role text,
    created_at    bigint NOT NULL,
    read_at       bigint
);

-- An op notifies a user of one kind at most once, so storing the same notification again is a no-op.
CREATE UNIQUE INDEX notifications_once_idx ON notifications (user_id, kind, collection, doc_id, version)
    WHERE version IS NOT NULL;

CREATE INDEX notifications_inbox_idx ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id, id DESC) WHERE read_at IS NULL;
