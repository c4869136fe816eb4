"""The ingest benchmark's hand-written equivalent, the limit Cohort is measured against."""
