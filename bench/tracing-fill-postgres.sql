-- Fills a migrated PcCovid PostgreSQL database with the tracing benchmark's check-ins in one set-based statement
-- (the same shape as TracingBenchmark.FillAsync: uniform over the last 14 days, half with a check-out 15–120 min
-- later), much faster than the store's bulk path for 10 M rows. Then run the benchmark on the same database: it
-- finds the rows there and goes straight to the build and the traces.
--   psql -h 127.0.0.1 -p PORT -U postgres -d DB -v checkins=10000000 -v people=1000000 -v venues=50000 -f bench/tracing-fill-postgres.sql
SET TIME ZONE 'UTC';
SELECT format('CREATE TABLE IF NOT EXISTS check_ins_p%s PARTITION OF check_ins FOR VALUES FROM (%L) TO (%L)',
              to_char(current_date - 15 + i, 'YYYYMMDD'), current_date - 15 + i, current_date - 14 + i)
FROM generate_series(0, 18) AS i \gexec
INSERT INTO check_ins (venue_id, checked_in_at, key_hash, person_id, checked_out_at, method, source_system, source_record_id, received_at)
SELECT v, t, k, p, CASE WHEN random() < 0.5 THEN NULL ELSE t + (15 + floor(random() * 106)) * interval '1 minute' END, 2, 'qr', g::text, now()
FROM (SELECT g,
             1 + floor(random() * :venues)::bigint AS v,
             date_trunc('milliseconds', now() - interval '1 millisecond' - random() * interval '14 days') AS t,
             (random() * 9.2e18 - 4.6e18)::bigint AS k,
             1 + floor(random() * :people)::bigint AS p
      FROM generate_series(1, :checkins) AS g) AS x
ON CONFLICT DO NOTHING;
ANALYZE check_ins;
SELECT count(*) AS check_ins FROM check_ins;
