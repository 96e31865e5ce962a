"""Technology assessment: indicator systems, expert panels, aggregation, decisions and ranking (docs/assessment.md).

Modules: `systems` (indicator systems from the graph), `sheets` (score sheets in and out), `stats`
(aggregation and agreement), `decision` (rules as data), `ranking`, `store` (panels in the edit store's
database), `report` (HTML and XLSX).
"""
