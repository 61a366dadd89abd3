#!/usr/bin/env bash
# Every string the sources pass through tr() is in the German and Spanish .ts
# files, translated: lupdate runs over the sources, as the datagate_gui_lupdate
# target does, but into copies of the .ts files, which must come out with
# nothing new and nothing unfinished. (The .ts files alone cannot tell that a
# string was added to the sources and never extracted.)
#   check-translations-current.sh <lupdate project .cmake> <GenerateLUpdateProject.cmake> <lupdate> <translations dir>
set -euo pipefail
project_in=$1
generate=$2
lupdate=$3
ts_dir=$4
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cmake -DIN_FILE="$project_in" -DOUT_FILE="$scratch/project.json" -P "$generate"
failed=0
for language in de es; do
    cp "$ts_dir/datagate_$language.ts" "$scratch/"
    "$lupdate" -project "$scratch/project.json" -locations none -no-obsolete -ts "$scratch/datagate_$language.ts" >"$scratch/lupdate-$language.log" 2>&1
    unfinished=$(grep -c 'type="unfinished"' "$scratch/datagate_$language.ts" || true)
    if [ "$unfinished" != 0 ]; then
        echo "FAIL: datagate_$language.ts lacks $unfinished string(s) of the sources (run the datagate_gui_lupdate target and translate them):"
        grep -B2 'type="unfinished"' "$scratch/datagate_$language.ts" | grep '<source>' | sed 's/^ */  /'
        failed=1
    fi
done
[ "$failed" = 0 ] && echo "de and es hold every string of the sources, translated"
exit "$failed"
