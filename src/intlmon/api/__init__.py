"""The REST API `/api/v1/` (docs/api.md): the registry, the read service's figures, records, submissions with
their workflow, upload through the same ingest, and audit findings — each through the domain functions the
portal and the command line use, so the API decides nothing of its own."""
