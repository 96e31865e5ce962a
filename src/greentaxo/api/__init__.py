"""HTTP API (`uvicorn greentaxo.api.main:app`): a thin translation layer from HTTP to greentaxo library calls."""
