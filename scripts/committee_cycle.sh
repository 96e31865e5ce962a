#!/usr/bin/env bash
# The README's committee walkthrough, end to end, on a throwaway copy of the sources (default /tmp/cycle).
# Prints every command and its real output; used to write the README section. About 1-2 minutes.
set -uo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${1:-/tmp/cycle}"
G="$REPO/.venv/bin/greentaxo"
PY="$REPO/.venv/bin/python"
# two runs on one directory would delete each other's files half-way (seen: "previous: none"); the second stops
# at once, naming the way out
exec 9>"$DIR.lock"
flock -n 9 || { echo "committee_cycle.sh: another run is using $DIR; give another directory: $0 /tmp/cycle2" >&2; exit 2; }
rm -rf "$DIR" && mkdir -p "$DIR/platform"
cp -r "$REPO/ontology" "$REPO/mappings" "$REPO/shapes" "$REPO/models" "$DIR/"
cd "$DIR" && export GREENTAXO_HOME="$DIR"
run() { echo "\$ $*"; "$@"; local rc=$?; [ $rc -ne 0 ] && echo "(exit $rc)"; echo; }

# before the cycle: release 1.0.0 is out, and a platform classified its achievements with it
"$G" release 1.0.0 --date 2026-10-01 >/dev/null
"$PY" -c "
import json
with open('platform/achievements.jsonl', 'w') as f:
    for line in open('$REPO/data/gold/test.jsonl'):
        r = json.loads(line)
        f.write(json.dumps({k: r[k] for k in ('id', 'title', 'abstract', 'keywords', 'ipc') if k in r}, ensure_ascii=False) + '\n')
"
"$G" classify --input platform/achievements.jsonl --output platform/classified-1.0.0.jsonl 2>/dev/null

run "$G" export xlsx --output greentaxo.xlsx
"$PY" "$REPO/scripts/committee_edit.py" greentaxo.xlsx edited.xlsx
run "$G" import xlsx edited.xlsx
run "$G" validate
run "$G" quality --fail-on error
run "$G" diff releases/1.0.0 .
run "$G" impact releases/1.0.0 . --records platform/classified-1.0.0.jsonl --inputs platform/achievements.jsonl
run "$G" release 1.1.0 --date 2026-11-26 --without-model
run "$G" show gtr:R0859
run "$G" show gtr:R0859 --follow
