"""The trained model file: one compressed .npz of plain arrays plus a JSON header (no pickle, so loading
a model file can never run code). Versioned: the header names the model version, the taxonomy version it
was trained against and the data it saw."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from greentaxo import paths
from greentaxo.errors import InputError

FORMAT = 1
DEFAULT_NAME = "greentaxo-classifier.npz"


def default_path() -> Path:
    return paths.home() / "models" / DEFAULT_NAME


def save(path: Path, meta: dict, arrays: dict[str, np.ndarray]) -> None:
    header = json.dumps({"format": FORMAT, **meta}, ensure_ascii=False).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        np.savez_compressed(f, header=np.frombuffer(header, dtype=np.uint8), **arrays)


def load(path: Path) -> tuple[dict, dict[str, np.ndarray]]:
    if not path.exists():
        raise InputError("no trained classifier model here; run `greentaxo train data/gold/train.jsonl` "
                         "or pass --model", source=str(path))
    try:
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        meta = json.loads(arrays.pop("header").tobytes().decode("utf-8"))
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(f"not a greentaxo model file ({exc.__class__.__name__}); retrain it", source=str(path)) from None
    if meta.get("format") != FORMAT:
        raise InputError(f"model format {meta.get('format')} is not {FORMAT}; retrain with this version",
                         source=str(path))
    return meta, arrays
