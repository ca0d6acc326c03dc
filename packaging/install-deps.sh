#!/usr/bin/env bash
# Installs everything Plumage needs to build, test and run, on Debian 12,
# with apt (the only system it has been tried on; see README "What has been tried"). Idempotent: when every package is present it only
# checks and returns (no apt-get update, nothing downloaded).
#
#   packaging/install-deps.sh            build + run + test dependencies
#   packaging/install-deps.sh --bench    also the Python baselines used by tests/bench/compare
#   packaging/install-deps.sh --packaging  also debootstrap, for
#                                          tests/packaging/install_in_clean_debian.sh
#   packaging/install-deps.sh --latex    also pdflatex and booktabs, so the
#                                        results-table tests compile the LaTeX
#                                        they write (skipped without them;
#                                        TeX Live: not in CI's default install)
# (the options may be combined)
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  # engine: LibTorch (CPU) with a fast BLAS. Without OpenBLAS LibTorch falls
  # back to the reference BLAS, ~25x slower (see DESIGN.md).
  libtorch-dev libopenblas0-pthread nlohmann-json3-dev
  # data: decoding, tokenizer regex, gzip, SHA-256 (libcrypto)
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev
  libjpeg-dev libpcre2-dev zlib1g-dev libssl-dev
  # store, llm, cli, logs
  libsqlitecpp-dev libsqlite3-dev libcurl4-openssl-dev libcli11-dev libspdlog-dev
  libcpp-httplib-dev
  # ui
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev
  qt6-translations-l10n libqcustomplot-dev qtkeychain-qt6-dev libgl-dev
  # gui tests and screenshots, CJK text in figures; figure-export tests
  # render PDF and SVG back to pixels
  xvfb xauth fonts-noto-cjk poppler-utils librsvg2-bin
  # the cluster test: a single-node Slurm on localhost (tests/cluster)
  slurmctld slurmd slurm-client munge
)

for opt in "$@"; do
  case "$opt" in
    --bench) packages+=(python3-torch python3-torchvision python3-pil python3-numpy python3-scipy) ;;
    --packaging) packages+=(debootstrap) ;;
    --latex) packages+=(texlive-latex-base texlive-latex-recommended) ;;
    *) echo "install-deps: unknown option '$opt' (known: --bench, --packaging, --latex)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
