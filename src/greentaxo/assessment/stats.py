"""Aggregating a panel's scores: weighted scores, dispersion, agreement, outliers and a bootstrap interval.

Scores arrive as the experts gave them (on the system's scale, `None` for "not applicable"). Negative
indicators are reversed on the scale first, so every number combined below reads "higher is better".
Statistics come from scipy: the Friedman statistic gives Kendall's W (W = chi2 / (m (k - 1)), with the
tie correction), `bootstrap` the BCa interval, `median_abs_deviation` the robust z-scores, `spearmanr`
the profile check, and the F distribution the ICC test. The ICC itself is the two-way ANOVA of McGraw
and Wong (1996); its mean squares are three numpy sums (no maintained library offers it without pandas
and statsmodels). docs/assessment.md says what each figure means and when it misleads.
"""
from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np

from greentaxo.errors import InputError

if TYPE_CHECKING:
    from greentaxo.assessment.systems import IndicatorSystem

OUTLIER_Z = 3.5          # Iglewicz and Hoaglin's cut for the modified z-score
BOOTSTRAP_RESAMPLES = 2000


def score_matrix(system: IndicatorSystem, sheets: dict[str, dict[str, float | None]]) -> tuple[list[str], np.ndarray]:
    """Experts (sorted) and their raw scores, one row per expert, one column per leaf (NaN = not applicable)."""
    experts = sorted(sheets)
    leaves = [i.iri for i in system.leaves()]
    x = np.array([[np.nan if sheets[e].get(i) is None else float(sheets[e][i]) for i in leaves] for e in experts],
                 dtype=float).reshape(len(experts), len(leaves))
    return experts, x


def favourable(system: IndicatorSystem, x: np.ndarray) -> np.ndarray:
    """Raw scores with "lower is better" indicators reversed on the scale (a risk of 5 becomes 1)."""
    neg = np.array([i.direction == "lower" for i in system.leaves()])
    out = x.copy()
    out[:, neg] = system.scale.lo + system.scale.hi - x[:, neg]
    return out


def weighted(system: IndicatorSystem, f: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Per expert: the overall weighted score and each first-level indicator's score, on the scale.

    Weights are normalised among siblings at each level; an expert's "na" hands its weight to the
    siblings that were scored (the group drops out only if none was).
    """
    col = {ind.iri: j for j, ind in enumerate(system.leaves())}
    value: dict[str, np.ndarray] = {}

    def node(iri: str) -> np.ndarray:
        ind = system.indicators[iri]
        if ind.is_leaf:
            return f[:, col[iri]]
        return combine(list(ind.children))

    def combine(iris: list[str]) -> np.ndarray:
        vals = np.column_stack([node(i) for i in iris])
        w = np.array([system.indicators[i].weight for i in iris])
        present = ~np.isnan(vals)
        den = (present * w).sum(axis=1)
        num = np.where(present, vals, 0.0) @ w
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)

    tops = [t.iri for t in system.tops()]
    for t in tops:
        value[t] = node(t)
    overall = combine(tops)
    return overall, value


def indicator_stats(system: IndicatorSystem, x: np.ndarray) -> list[dict]:
    """Distribution of the raw scores of each leaf: centre, spread, counts per scale point, consensus."""
    from scipy import stats as st  # noqa: PLC0415  (heavy: scipy)

    points = np.array(system.scale.points)
    band = (system.scale.hi - system.scale.lo) / 4       # IQR within a quarter of the scale (1 point on 1-5)
    gw = system.global_weights()
    n = (~np.isnan(x)).sum(axis=0)
    with warnings.catch_warnings():                     # all-"na" columns give NaN, reported as n = 0
        warnings.simplefilter("ignore", RuntimeWarning)
        mean, median = np.nanmean(x, axis=0), np.nanmedian(x, axis=0)
        sd = np.nanstd(x, axis=0, ddof=1) if x.shape[0] > 1 else np.zeros(x.shape[1])
        iqr = np.atleast_1d(st.iqr(x, axis=0, nan_policy="omit"))
        lo, hi = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
    counts = np.isclose(x[:, :, None], points[None, None, :]).sum(axis=0)      # leaves x scale points
    out = []
    for j, ind in enumerate(system.leaves()):
        row = {"iri": ind.iri, "notation": ind.notation, "label": ind.label, "weight": ind.weight,
               "global_weight": round(gw[ind.iri], 6), "direction": ind.direction, "n": int(n[j]),
               "na": int(x.shape[0] - n[j])}
        if n[j]:
            row.update(mean=float(mean[j]), median=float(median[j]), sd=float(sd[j]) if n[j] > 1 else 0.0,
                       iqr=float(iqr[j]), min=float(lo[j]), max=float(hi[j]),
                       counts={_key(p): int(c) for p, c in zip(points, counts[j], strict=True)},
                       consensus=bool(iqr[j] <= band + 1e-9))
        out.append(row)
    return out


def kendall_w(f: np.ndarray) -> dict:
    """Kendall's W over the experts' rankings of the indicators, via the Friedman statistic (tie-corrected)."""
    from scipy import stats as st  # noqa: PLC0415  (heavy: scipy)

    m, k = f.shape
    if m < 2 or k < 3:
        return {"w": None, "note": f"needs at least 2 experts and 3 indicators scored by all (have {m} and {k})"}
    if all(np.ptp(row) == 0 for row in f):
        return {"w": None, "note": "every expert gave all indicators the same score, so there is no ranking to agree on"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        chi2, p = st.friedmanchisquare(*f.T)
    return {"w": float(chi2 / (m * (k - 1))), "chi2": float(chi2), "df": k - 1, "p": float(p)}


def icc(f: np.ndarray) -> dict:
    """ICC(A,1) and ICC(A,k) of McGraw and Wong (Shrout and Fleiss's ICC(2,1), ICC(2,k)): indicators are the
    targets, experts the raters, two-way random effects, absolute agreement."""
    from scipy import stats as st  # noqa: PLC0415  (heavy: scipy)

    k, n = f.shape                # raters x targets
    if k < 2 or n < 2:
        return {"icc_a1": None, "note": "needs at least 2 experts and 2 indicators scored by all"}
    y = f.T                       # targets x raters
    grand = y.mean()
    ss_r = k * ((y.mean(axis=1) - grand) ** 2).sum()          # between targets
    ss_c = n * ((y.mean(axis=0) - grand) ** 2).sum()          # between raters
    ss_e = ((y - grand) ** 2).sum() - ss_r - ss_c
    msr, msc, mse = ss_r / (n - 1), ss_c / (k - 1), ss_e / ((n - 1) * (k - 1))
    den1 = msr + (k - 1) * mse + k * (msc - mse) / n
    denk = msr + (msc - mse) / n
    if den1 == 0 or denk == 0:
        return {"icc_a1": None, "note": "no variance between indicators or experts"}
    fstat = msr / mse if mse > 0 else float("inf")
    p = float(st.f.sf(fstat, n - 1, (n - 1) * (k - 1))) if mse > 0 else 0.0
    return {"icc_a1": float((msr - mse) / den1), "icc_ak": float((msr - mse) / denk), "f": float(fstat), "p": p}


def bootstrap_ci(scores: np.ndarray, seed: int, confidence: float = 0.95) -> tuple[float, float, str]:
    """BCa interval of the panel mean, resampling experts; identical scores give a zero-width interval."""
    from scipy import stats as st  # noqa: PLC0415  (heavy: scipy)

    if scores.size == 0:
        return float("nan"), float("nan"), "no scores"
    if scores.size < 3 or np.ptp(scores) == 0:
        return float(scores.mean()), float(scores.mean()), "degenerate (fewer than 3 experts or all equal)"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = st.bootstrap((scores,), np.mean, n_resamples=BOOTSTRAP_RESAMPLES, confidence_level=confidence,
                           method="BCa", vectorized=True, rng=np.random.default_rng(seed))
    lo, hi = float(res.confidence_interval.low), float(res.confidence_interval.high)
    if not (np.isfinite(lo) and np.isfinite(hi)):        # BCa can fail on very lumpy data: fall back honestly
        lo, hi = (float(v) for v in np.percentile(scores, [2.5, 97.5]))
        return lo, hi, "percentile of the scores (BCa undefined)"
    return lo, hi, f"BCa bootstrap, {BOOTSTRAP_RESAMPLES} resamples of experts"


def outliers(experts: list[str], overall: np.ndarray, f: np.ndarray) -> list[dict]:
    """Flag experts whose overall score is far from the panel's (modified z > 3.5) or whose profile runs
    against the others' (Spearman rho < 0 with the median of the rest). Flagged, never dropped."""
    from scipy import stats as st  # noqa: PLC0415  (heavy: scipy)

    out = []
    med = float(np.median(overall))
    mad = float(st.median_abs_deviation(overall, scale="normal"))
    if mad == 0:                                   # most experts agree exactly: use the mean absolute deviation
        mad = float(np.mean(np.abs(overall - med))) * 1.2533
    rhos = _profile_rhos(f)
    for i, e in enumerate(experts):
        z = (overall[i] - med) / mad if mad > 0 else 0.0
        rho = rhos[i]
        reasons = []
        if abs(z) > OUTLIER_Z:
            reasons.append(f"overall score {overall[i]:.1f} is {abs(z):.1f} robust SDs {'above' if z > 0 else 'below'} "
                           f"the panel median {med:.1f}")
        if rho is not None and rho < 0:
            reasons.append(f"ranks the indicators against the rest of the panel (Spearman rho {rho:.2f})")
        out.append({"expert": e, "z": round(float(z), 3), "rho": None if rho is None else round(rho, 3),
                    "outlier": bool(reasons), "reasons": reasons})
    return out


def _profile_rhos(f: np.ndarray) -> list[float | None]:
    """Spearman rho of each expert's profile with the median profile of the other experts (one scipy call)."""
    from scipy import stats as st  # noqa: PLC0415  (heavy: scipy)

    m, k = f.shape
    if m < 3 or k < 3:
        return [None] * m
    rest = np.array([np.median(np.delete(f, i, axis=0), axis=0) for i in range(m)])
    usable = [bool(np.ptp(f[i]) > 0 and np.ptp(rest[i]) > 0) for i in range(m)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)        # constant rows are excluded below
        corr = np.atleast_2d(st.spearmanr(np.vstack([f, rest]), axis=1).statistic)
    return [float(corr[i, m + i]) if usable[i] else None for i in range(m)]


def aggregate(system: IndicatorSystem, sheets: dict[str, dict[str, float | None]], seed: int = 0,
              confidence: float = 0.95) -> dict:
    """Everything a panel report needs, from the raw sheets (expert -> leaf IRI -> score or None)."""
    experts, x = score_matrix(system, sheets)
    if not experts:
        raise InputError("no score sheets to aggregate: at least one expert must have scored")
    f = favourable(system, x)
    overall_raw, groups_raw = weighted(system, f)
    pct = system.scale.to_percent
    overall = pct(overall_raw)
    lo, hi, method = bootstrap_ci(overall, seed, confidence)
    complete = f[:, ~np.isnan(f).any(axis=0)]
    flags = outliers(experts, overall, complete)
    per_ind = indicator_stats(system, x)
    scored = [r for r in per_ind if r["n"]]
    agreement = {"over_indicators": int(complete.shape[1]), "kendall": kendall_w(complete),
                 "icc": icc(complete) if system.scale.kind == "interval" else
                 {"icc_a1": None, "note": "ordinal scale: the ICC needs equally spaced scores"}}
    groups = []
    for t in system.tops():
        g = pct(groups_raw[t.iri])
        g = g[~np.isnan(g)]
        groups.append({"iri": t.iri, "notation": t.notation, "label": t.label, "n": int(g.size),
                       "mean": float(g.mean()) if g.size else None, "median": float(np.median(g)) if g.size else None,
                       "min": float(g.min()) if g.size else None, "max": float(g.max()) if g.size else None})
    return {
        "system": {"id": system.id, "version": system.version, "iri": system.iri},
        "experts": len(experts),
        "overall": {"mean": float(overall.mean()), "median": float(np.median(overall)),
                    "sd": float(overall.std(ddof=1)) if len(experts) > 1 else 0.0,
                    "min": float(overall.min()), "max": float(overall.max()),
                    "ci_low": lo, "ci_high": hi, "confidence": confidence, "ci_method": method,
                    "scale": "0-100 (the system's scale mapped linearly; lower-is-better indicators reversed)"},
        "per_expert": [{**flag, "score": float(overall[i]),
                        "groups": {t.notation: (None if np.isnan(groups_raw[t.iri][i]) else float(pct(groups_raw[t.iri][i])))
                                   for t in system.tops()}}
                       for i, flag in enumerate(flags)],
        "groups": groups,
        "indicators": per_ind,
        "consensus_share": (sum(r["consensus"] for r in scored) / len(scored)) if scored else 0.0,
        "agreement": agreement,
    }


def feedback(result: dict) -> list[dict]:
    """The anonymised distribution a chair shares before a Delphi round: per indicator, counts and centre."""
    return [{"notation": r["notation"], "label": r["label"], "n": r["n"], "median": r.get("median"), "iqr": r.get("iqr"),
             "counts": r.get("counts", {}), "consensus": r.get("consensus")} for r in result["indicators"]]


def _key(p: float) -> str:
    return f"{p:g}"
