"""Casetrail's benchmarks: each measurement beside its baseline, run in the same process and
minute against the same PostgreSQL and Kafka, and reported as a ratio (`make bench`)."""
