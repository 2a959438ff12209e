-- Data verification for the cutover (docs/migration.md): run it against the Heroku database and
-- against the new one, and compare the two outputs with `diff`. Both must be identical.
--
--   heroku pg:psql DATABASE_URL --app HEROKU_APP --file docs/verify-data.sql > heroku.txt
--   psql "$TARGET_DATABASE_URL" --file docs/verify-data.sql > kubernetes.txt
--   diff heroku.txt kubernetes.txt && echo "data verified"
--
-- It prints, in a stable order: the exact row count of every table (not the planner's
-- estimate), then the last value of every sequence (so new rows get the same ids). Tables and
-- sequences that belong to an extension are left out: the two sides may install extensions into
-- different schemas (Heroku uses heroku_ext). It only reads; it takes no locks beyond a count's.

\set QUIET on
\set ON_ERROR_STOP on
\pset pager off
\pset format unaligned
\pset tuples_only on
\pset fieldsep ' '

SELECT 'table ' || n.nspname || '.' || c.relname,
       (xpath('/row/n/text()',
              query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname),
                           false, true, '')))[1]::text
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_%'
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
  )
ORDER BY n.nspname, c.relname;

SELECT 'sequence ' || s.schemaname || '.' || s.sequencename,
       coalesce(s.last_value::text, 'unused')
FROM pg_sequences s
JOIN pg_namespace n ON n.nspname = s.schemaname
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.sequencename
WHERE s.schemaname NOT IN ('pg_catalog', 'information_schema')
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
  )
ORDER BY s.schemaname, s.sequencename;
