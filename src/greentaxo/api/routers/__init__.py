"""One APIRouter per feature; greentaxo.api.main lists and includes them (ROUTERS)."""
