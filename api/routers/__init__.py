"""One APIRouter per feature; api.main includes every module found here."""
