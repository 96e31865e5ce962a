#!/usr/bin/env bash
# The README's assessment example, end to end, in a throwaway folder (default /tmp/assess) with its own
# store (GREENTAXO_EDITS_DB). Prints every command and its real output, as the README shows it;
# tests/assessment/test_readme.py replays the same commands in one process and checks the README's lines.
# The panels are docs/examples/assessment/.
set -uo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${1:-/tmp/assess}"
G="$REPO/.venv/bin/greentaxo"
rm -rf "$DIR" && mkdir -p "$DIR" && cd "$DIR" || exit 1
ln -s "$REPO/docs" docs
export GREENTAXO_EDITS_DB="$DIR/assess.sqlite" GREENTAXO_EDITS_URL=""
show() { local out="greentaxo" a; for a in "${@:2}"; do [[ "$a" =~ [[:space:]] ]] && out+=" \"$a\"" || out+=" $a"; done; echo "\$ $out"; }
run() { show "$@"; "$@" 2>&1; local rc=$?; [ $rc -ne 0 ] && echo "(exit $rc)"; echo; }
PANEL=(--expert wang --expert li --expert zhang --expert liu --expert yang --expert huang --expert zhao --expert wu
       --expert zhou --expert he)

run "$G" assess systems
run "$G" assess open --system yeda --by sun --route gtr:R0312 --expert wang --expert li --expert zhang --expert liu \
    --expert yang --expert huang --expert zhao --expert wu --expert zhou --expert he --expert xu \
    --title "一种高稳定性全钒液流电池混酸电解液及其制备方法" \
    --text "硫酸-盐酸混合支持电解质使钒离子总浓度达到 2.5 mol/L，-5~50 ℃ 不析出；中试电堆运行 1,200 h，容量衰减低于 0.02%/循环。"
run "$G" assess conflict 1 xu --reason "co-inventor of the electrolyte"
run "$G" assess template 1 --output sheet.xlsx
run "$G" assess score 1 docs/examples/assessment/vanadium-electrolyte.csv --by sun
run "$G" assess results 1
run "$G" assess close 1 --by sun
run "$G" assess round 1 --by sun
run "$G" assess score 1 docs/examples/assessment/vanadium-electrolyte-round2.csv --by sun
run "$G" assess close 1 --by sun
run "$G" assess report 1 --html assessment-1.html --xlsx assessment-1.xlsx
# two more achievements of the same route group, so that there is something to rank
"$G" assess open --system yeda --by sun --route gtr:R0313 "${PANEL[@]}" --title "铁铬液流电池千瓦级电堆" >/dev/null
"$G" assess score 2 docs/examples/assessment/iron-chromium-stack.csv --by sun >/dev/null
"$G" assess close 2 --by sun >/dev/null
"$G" assess open --system yeda --by sun --route gtr:R0322 "${PANEL[@]}" --title "磁悬浮飞轮储能轴承系统" >/dev/null
"$G" assess score 3 docs/examples/assessment/flywheel-bearing.csv --by sun >/dev/null
"$G" assess close 3 --by sun >/dev/null
run "$G" assess rank --system yeda --route 01.10
