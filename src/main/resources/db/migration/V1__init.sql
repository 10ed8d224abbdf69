-- Op log: the source of truth. The primary key is the fence that makes two divergent histories of
-- one document impossible: a second writer of the same version gets a conflict.
-- body is JSON text, not jsonb, because jsonb rejects \u0000 and reorders object keys.
CREATE TABLE ops (
    collection  text   NOT NULL,
    doc_id      text   NOT NULL,
    version     bigint NOT NULL,
    kind        text   NOT NULL,
    create_type text,
    body        text,
    src         text,
    seq         bigint NOT NULL,
    ts          bigint NOT NULL,
    user_id     text,
    PRIMARY KEY (collection, doc_id, version)
);

-- Time travel: the last op at or before a timestamp.
CREATE INDEX ops_doc_ts_idx ON ops (collection, doc_id, ts, version);

-- Milestone snapshots: the state after applying ops 0 .. version-1.
CREATE TABLE snapshots (
    collection text   NOT NULL,
    doc_id     text   NOT NULL,
    version    bigint NOT NULL,
    type       text,
    data       text,
    ts         bigint NOT NULL,
    PRIMARY KEY (collection, doc_id, version)
);

-- One row per document ever created, for listing; written with its first create op.
CREATE TABLE documents (
    collection text   NOT NULL,
    doc_id     text   NOT NULL,
    created_by text,
    created_at bigint NOT NULL,
    PRIMARY KEY (collection, doc_id)
);
