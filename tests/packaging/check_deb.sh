#!/usr/bin/env bash
# check_deb.sh BUILD_DIR VERSION
set -euo pipefail
build=$1
version=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

(cd "$build" && cpack -G DEB -B "$out" >"$out/cpack.log" 2>&1) || { cat "$out/cpack.log"; exit 1; }
deb=$(ls "$out"/plumage_"$version"_*.deb)
echo "package: $(basename "$deb")"

contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/plumage ./usr/bin/plumage-cli ./usr/share/applications/plumage.desktop \
         ./usr/share/metainfo/org.plumage.Plumage.metainfo.xml \
         ./usr/share/icons/hicolor/scalable/apps/plumage.svg \
         ./usr/share/plumage/presets/thesis-per-class.json \
         ./usr/share/plumage/prompts/structured_description.txt \
         ./usr/share/doc/plumage/copyright; do
  grep -q " $f\$" <<<"$contents" || { echo "missing in package: $f"; exit 1; }
done

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for d in libtorch libqt6widgets6 libopenblas0-pthread; do
  grep -q "$d" <<<"$depends" || { echo "Depends lacks $d"; exit 1; }
done

dpkg-deb -x "$deb" "$out/root"
# Installed binaries must not point back into the build tree.
for exe in "$out"/root/usr/bin/*; do
  if readelf -d "$exe" | grep -qE 'RPATH|RUNPATH'; then echo "$(basename "$exe") has an RPATH/RUNPATH"; exit 1; fi
done
line=$("$out/root/usr/bin/plumage-cli" --version)
echo "$line"
grep -q "plumage-cli $version (LibTorch" <<<"$line" || { echo "unexpected --version output"; exit 1; }
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$out/root/usr/share/applications/plumage.desktop"
fi
echo "packaging check passed"
