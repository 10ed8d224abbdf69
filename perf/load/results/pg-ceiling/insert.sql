-- One group commit of :batch ops of one document, each a short text edit as a typist sends.
BEGIN;
INSERT INTO ops (collection, doc_id, version, kind, create_type, body, src, seq, ts, user_id)
  SELECT * FROM unnest(
    array_fill('load'::text, ARRAY[:batch::int]),
    array_fill(('doc-' || :client_id)::text, ARRAY[:batch::int]),
    (SELECT array_agg(nextval('op_versions')) FROM generate_series(1, :batch::int)),
    array_fill('op'::text, ARRAY[:batch::int]),
    array_fill(NULL::text, ARRAY[:batch::int]),
    array_fill('[57,"abcde"]'::text, ARRAY[:batch::int]),
    array_fill('3f2a9c0d1b7e4f6a8c5d2e1f0a9b8c7d'::text, ARRAY[:batch::int]),
    (SELECT array_agg(g::bigint) FROM generate_series(1, :batch::int) g),
    array_fill((extract(epoch FROM clock_timestamp()) * 1000)::bigint, ARRAY[:batch::int]),
    array_fill('load-user'::text, ARRAY[:batch::int]))
  ON CONFLICT (collection, doc_id, version) DO NOTHING
  RETURNING collection, doc_id, version;
COMMIT;
