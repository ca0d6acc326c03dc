#!/bin/sh
# Makes docs/screenshots/pages: every page and Results tab of a demo
# workspace at 1280x800 and 1920x1080, plus the Setup page at scale 2,
# failing when any text is cut off.
#   docs/screenshots/pages/make.sh BUILD_DIR DEMO_WORKSPACE
# (the workspace from `BUILD_DIR/app/cli/plumage-cli demo --workspace DIR`).
set -eu
build=$1
ws=$2
out=$(dirname "$0")
gui="$build/app/gui/plumage"
export QT_QPA_PLATFORM=offscreen
# Fresh settings: no remembered splitter sizes or language.
XDG_CONFIG_HOME=$(mktemp -d)
export XDG_CONFIG_HOME
trap 'rm -rf "$XDG_CONFIG_HOME"' EXIT
for page in browser descriptions setup runs results/ratio results/per-class results/confusion \
            results/run-vs-run results/class-gains results/diagnostics; do
  for size in 1280x800 1920x1080; do
    name=$(echo "$page" | tr / -)
    "$gui" --language en --workspace "$ws" --page "$page" --size "$size" --fail-on-cut-text \
           --screenshot "$out/$name-$size.png"
  done
done
# The Real Experiment dialog has its own size (it scrolls on a smaller screen).
"$gui" --language en --workspace "$ws" --page real-data --fail-on-cut-text --screenshot "$out/real-data.png"
"$gui" --language en --workspace "$ws" --page setup --scale 2 --fail-on-cut-text --screenshot "$out/setup-1280x800@2x.png"
