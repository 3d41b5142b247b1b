#!/bin/sh
# Regenerate the README preview images in docs/preview/ from the bundled programme.yaml.
# Run from the repository root:  sh docs/make-previews.sh
# (from a checkout without installing: PYTHONPATH=src PYTHON=/path/to/venv/bin/python sh docs/make-previews.sh)
# Needs the check extra (pip install 'printkit[check]'). Commit the PNGs it writes.
set -eu
printkit() { "${PYTHON:-python3}" -m printkit "$@"; }  # works installed or with PYTHONPATH=src
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printkit build programme.yaml -o "$work/out" >/dev/null
printkit preview "$work/out" -o "$work/preview" --dpi 60 >/dev/null
rm -rf docs/preview
mkdir -p docs/preview
for name in booklet-spread01 booklet-spread02 booklet-spread03 booklet-spread04 booklet-contact \
            badges-p01 badges-contact tents-p01 tents-contact seating-p01 seating-p02; do
    if [ -f "$work/preview/$name.png" ]; then
        cp "$work/preview/$name.png" docs/preview/
    fi
done
# the three-day, four-room test programme: a day grid (pages 4-5) and a door sheet (Lab D, Friday)
printkit booklet tests/data/digital-week.yaml -o "$work/week" >/dev/null
printkit rooms tests/data/digital-week.yaml -o "$work/week" 2>/dev/null >/dev/null
printkit preview "$work/week" -o "$work/week-preview" --dpi 90 >/dev/null
cp "$work/week-preview/booklet-spread03.png" docs/preview/week-daygrid-spread.png
cp "$work/week-preview/rooms-p10.png" docs/preview/week-rooms-p10.png
ls docs/preview
