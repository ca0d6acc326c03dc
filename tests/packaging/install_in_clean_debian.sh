#!/usr/bin/env bash
# install_in_clean_debian.sh [PLUMAGE_DEB]
#
# Installs the plumage .deb into a freshly debootstrapped, minimal Debian 12
# (bookworm) chroot with `apt-get install -y ./plumage_*.deb` and runs the
# installed programs there: plumage-cli --version / --help / dataset make-demo /
# describe --dry-run / demo, plumage --version and offscreen `plumage
# --screenshot` in English and Japanese. Any failing step stops the script
# with a message naming the step.
#
# Needs root (debootstrap, chroot, mount) and network access to the Debian
# archive, so it is not part of the default CTest run (see CMakeLists.txt).
#
# PLUMAGE_DEB             the package (or give it as the argument); when
#                         neither is given it is built with cpack in
#                         PLUMAGE_BUILD_DIR (default: ./build).
# PLUMAGE_DEBOOTSTRAP_CACHE  where the pristine bookworm tree and the
#                         downloaded .debs are kept between runs
#                         (default: ~/.cache/plumage/debootstrap).
# PLUMAGE_CHROOT_WORK     parent folder of the throwaway chroot (default: $TMPDIR or /tmp).
# PLUMAGE_DEBIAN_MIRROR   mirror URL (default: the one this machine's apt uses).
# PLUMAGE_KEEP_CHROOT=1   keep the chroot afterwards for inspection.
# PLUMAGE_SCREENSHOT_DIR  copy the English and Japanese screenshots there.
set -euo pipefail

step() { printf '\n== %s\n' "$*"; }
die() { printf '\nFAILED: %s\n' "$*" >&2; exit 1; }
now() { date +%s; }
start_time=$(now)

[[ $EUID -eq 0 ]] || die "run as root (debootstrap, chroot and mount need it)"
for tool in debootstrap chroot dpkg-deb; do
  command -v "$tool" >/dev/null || die "$tool not found (packaging/install-deps.sh --packaging installs it)"
done

# --- Mirrors: the Debian entries of this machine's apt sources -----------------
# Prints "URI SUITE" for each enabled Debian bookworm source, from both the
# deb822 (*.sources) and the one-line (*.list) formats.
host_debian_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                       print $i, $(i + 1) }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    awk 'function flush() { if (types ~ /(^| )deb( |$)/ && enabled != "no")
                              for (u in uris) for (s in suites) print uris[u], suites[s]
                            types = ""; enabled = ""; delete uris; delete suites }
         /^[ \t]*$/ { flush(); next }
         /^#/ { next }
         tolower($1) == "types:" { types = substr($0, index($0, ":") + 1) }
         tolower($1) == "enabled:" { enabled = tolower($2) }
         tolower($1) == "uris:" { for (i = 2; i <= NF; i++) uris[i] = $i }
         tolower($1) == "suites:" { for (i = 2; i <= NF; i++) suites[i] = $i }
         END { flush() }' "$f"
  done
}
sources=$(host_debian_sources | awk '$2 ~ /^bookworm(-updates|-security|-backports)?(\/updates)?$/' | sort -u)
mirror=${PLUMAGE_DEBIAN_MIRROR:-$(awk '$2 == "bookworm" { print $1; exit }' <<<"$sources")}
mirror=${mirror:-http://deb.debian.org/debian}
[[ -n $sources ]] || sources="$mirror bookworm"
echo "mirror: $mirror"
echo "apt sources in the chroot:"; sed 's/^/  /' <<<"$sources"

# --- Work folder (package build, chroot), mounts undone on every exit path -----
work=$(mktemp -d "${PLUMAGE_CHROOT_WORK:-${TMPDIR:-/tmp}}/plumage-chroot.XXXXXX")
root=$work/root
mounted=()
cleanup() {
  local rc=$? m i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    m=${mounted[i]}
    umount "$m" 2>/dev/null || umount -l "$m" || echo "WARNING: could not unmount $m" >&2
  done
  # Never delete through a mount that is still there (it could be the cache or /proc).
  if grep -q " $root" /proc/self/mounts; then
    echo "WARNING: mounts remain under $root; leaving $work in place" >&2
  elif [[ ${PLUMAGE_KEEP_CHROOT:-0} == 1 ]]; then
    echo "chroot kept in $root"
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- The package ----------------------------------------------------------------
deb=${1:-${PLUMAGE_DEB:-}}
if [[ -z $deb ]]; then
  build=${PLUMAGE_BUILD_DIR:-build}
  [[ -f $build/CPackConfig.cmake ]] || die "no package given and $build is not a configured build directory"
  step "building the package with cpack in $build"
  cpack_out=$work/cpack
  mkdir -p "$cpack_out"
  (cd "$build" && cpack -G DEB -B "$cpack_out") >"$cpack_out/cpack.log" 2>&1 \
    || { cat "$cpack_out/cpack.log"; die "cpack -G DEB"; }
  deb=$(ls "$cpack_out"/plumage_*.deb)
fi
[[ -f $deb ]] || die "package not found: $deb"
deb=$(readlink -f "$deb")
version=$(dpkg-deb -f "$deb" Version)
deb_bytes=$(stat -c %s "$deb")
deb_installed_kib=$(dpkg-deb -f "$deb" Installed-Size)
echo "package: $deb"
echo "  version $version, $((deb_bytes / 1024)) KiB, Installed-Size $deb_installed_kib KiB"
echo "  Depends: $(dpkg-deb -f "$deb" Depends)"

# --- Pristine bookworm, debootstrapped once into the cache ---------------------
cache=${PLUMAGE_DEBOOTSTRAP_CACHE:-${HOME:-/root}/.cache/plumage/debootstrap}
base=$cache/bookworm-minbase
archives=$cache/apt-archives
mkdir -p "$cache" "$archives/partial"
if [[ ! -f $base/.plumage-complete ]]; then
  step "debootstrap --variant=minbase bookworm from $mirror (once; cached in $base)"
  rm -rf "$base.partial"
  t0=$(now)
  debootstrap --variant=minbase --cache-dir="$archives" bookworm "$base.partial" "$mirror" \
    >"$cache/debootstrap.log" 2>&1 || { tail -30 "$cache/debootstrap.log"; die "debootstrap (log: $cache/debootstrap.log)"; }
  touch "$base.partial/.plumage-complete"
  rm -rf "$base"
  mv "$base.partial" "$base"
  echo "debootstrap took $(($(now) - t0)) s"
else
  echo "using the cached bookworm tree $base"
fi

# --- A throwaway copy of it ------------------------------------------------------
step "copying the pristine tree to $root"
cp -a "$base" "$root"
rm -f "$root/.plumage-complete"
do_mount() {  # do_mount TARGET MOUNT-ARGS...
  local target=$1; shift
  mkdir -p "$target"
  mount "$@" "$target" || die "mount $* $target"
  mounted+=("$target")
}
do_mount "$root/proc" -t proc proc
do_mount "$root/dev/pts" -t devpts devpts -o newinstance,ptmxmode=0666
do_mount "$root/var/cache/apt/archives" --bind "$archives"
cp /etc/resolv.conf "$root/etc/resolv.conf"
: >"$root/etc/apt/sources.list"
while read -r uri suite; do
  echo "deb $uri $suite main" >>"$root/etc/apt/sources.list"
done <<<"$sources"

in_chroot() {  # a clean environment, as a freshly logged-in root would have
  chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}
count_packages() { in_chroot dpkg-query -W -f '${db:Status-Status}\n' | grep -c '^installed$'; }
# Disk used by the installed packages, from their Installed-Size (KiB); du
# would also count the downloaded .debs in the bind-mounted archive cache.
used_kib() { in_chroot dpkg-query -W -f '${db:Status-Status} ${Installed-Size}\n' | awk '$1 == "installed" { s += $2 } END { print s }'; }

step "apt-get update"
in_chroot apt-get update -q || die "apt-get update in the chroot"
packages_before=$(count_packages)
kib_before=$(used_kib)

cp "$deb" "$root/tmp/"
minimal=$(in_chroot sh -c "cd /tmp && apt-get install -s -q --no-install-recommends ./$(basename "$deb")" \
  | awk '/newly installed/ { print $3 }')

step "apt-get install -y ./$(basename "$deb")"
t0=$(now)
in_chroot sh -c "cd /tmp && apt-get install -y -q ./$(basename "$deb")" || die "apt-get install of the package"
install_s=$(($(now) - t0))
packages_after=$(count_packages)
kib_after=$(used_kib)

step "libraries of the installed programs"
for exe in /usr/bin/plumage /usr/bin/plumage-cli; do
  [[ -x $root$exe ]] || die "$exe not installed"
  missing=$(in_chroot ldd "$exe" | grep 'not found' || true)
  [[ -z $missing ]] || die "$exe: unresolved libraries: $missing"
done

step "plumage-cli --version"
line=$(in_chroot plumage-cli --version) || die "plumage-cli --version"
echo "$line"
grep -q "^plumage-cli ${version%%-*} " <<<"$line" || die "plumage-cli --version printed '$line', expected version $version"

step "plumage-cli --help"
in_chroot plumage-cli --help || die "plumage-cli --help"

step "plumage-cli dataset make-demo (OpenCV image writing)"
in_chroot plumage-cli dataset make-demo /tmp/demo-dataset --classes 3 --images-per-class 4 --seed 1 \
  || die "plumage-cli dataset make-demo"

step "plumage-cli describe --dry-run (shipped prompt template from /usr/share/plumage)"
in_chroot env OPENAI_API_KEY=unused plumage-cli describe --dataset /tmp/demo-dataset --out /tmp/descriptions.json \
  --model any --dry-run || die "plumage-cli describe --dry-run"

step "plumage-cli demo (whole pipeline: LibTorch, OpenBLAS, SQLite)"
t0=$(now)
in_chroot plumage-cli demo --workspace /tmp/demo-workspace || die "plumage-cli demo"
[[ -s $root/tmp/demo-workspace/results.md ]] || die "plumage-cli demo wrote no results.md"
demo_s=$(($(now) - t0))

step "plumage --version"
line=$(in_chroot plumage --version) || die "plumage --version"
echo "$line"
grep -q "^plumage ${version%%-*} " <<<"$line" || die "plumage --version printed '$line'"

step "plumage --screenshot (offscreen)"
in_chroot env QT_QPA_PLATFORM=offscreen plumage --screenshot /tmp/plumage-screenshot.png \
  || die "plumage --screenshot"
shot=$root/tmp/plumage-screenshot.png
[[ -s $shot ]] || die "plumage --screenshot wrote no image"
[[ $(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || die "screenshot is not a PNG"
echo "screenshot: $(stat -c %s "$shot") bytes"

step "plumage --language ja --screenshot (embedded Japanese, fonts-noto-cjk)"
in_chroot env QT_QPA_PLATFORM=offscreen plumage --language ja --screenshot /tmp/plumage-screenshot-ja.png \
  || die "plumage --language ja --screenshot"
[[ -s $root/tmp/plumage-screenshot-ja.png ]] || die "the Japanese screenshot was not written"
if [[ -n ${PLUMAGE_SCREENSHOT_DIR:-} ]]; then  # to look at: fonts, icons, no tofu
  cp "$shot" "$PLUMAGE_SCREENSHOT_DIR/plumage-clean-debian-en.png"
  cp "$root/tmp/plumage-screenshot-ja.png" "$PLUMAGE_SCREENSHOT_DIR/plumage-clean-debian-ja.png"
fi

step "summary"
echo "package file:        $((deb_bytes / 1024)) KiB ($(basename "$deb"))"
echo "package Installed-Size: $deb_installed_kib KiB"
echo "packages installed:  $((packages_after - packages_before)) new (${minimal:-?} without Recommends; on a minbase of $packages_before)"
echo "installed size:      $(((kib_after - kib_before) / 1024)) MiB (plumage and its dependencies, by Installed-Size)"
echo "apt-get install:     $install_s s"
echo "plumage-cli demo:    $demo_s s"
echo "total time:          $(($(now) - start_time)) s"
echo "clean-Debian install check passed"
