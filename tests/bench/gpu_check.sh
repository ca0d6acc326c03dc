#!/bin/bash
# The engine on a CUDA machine: builds core/engine (+ its tests and
# benchmarks) against the LibTorch bundled with the installed PyTorch, runs
# the engine tests, then the GPU benchmarks: the 96-run results-table sweep
# (bench_sweep) and Q-Former training steps/s against the identical PyTorch
# model (bench_qformer vs compare/qformer_torch.py). Needs python3 with a CUDA
# PyTorch, cmake, a C++17 compiler and nlohmann/json; no Qt, OpenCV or SQLite.
#
#   tests/bench/gpu_check.sh [BUILD_DIR]      (logs also go to $OUT if set)
set -u
cd "$(dirname "$0")/../.."
BUILD=${1:-build/gpu}
LOG=${OUT:-$BUILD}
mkdir -p "$BUILD" "$LOG"
JOBS=$(nproc)
step() {  # step NAME TIMEOUT CMD...: runs, logs, reports; never stops the script
  local name=$1 limit=$2; shift 2
  local t0=$SECONDS
  timeout "$limit" "$@" > "$LOG/$name.log" 2>&1
  local rc=$?
  echo "=== $name: rc $rc, $((SECONDS - t0)) s"
  tail -n "${TAIL:-25}" "$LOG/$name.log"
  return $rc
}
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.get_device_name(0))'
TORCH_PREFIX=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
step configure 300 cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DPLUMAGE_ENGINE_ONLY=ON \
  -DCMAKE_PREFIX_PATH="$TORCH_PREFIX" -DPLUMAGE_USE_CCACHE=OFF || exit 1
TAIL=15 step build 900 cmake --build "$BUILD" --parallel "$JOBS" || exit 1
TAIL=40 step ctest 300 ctest --test-dir "$BUILD" --output-on-failure --timeout 240 -j 4
TAIL=30 step bench_sweep 300 "$BUILD/tests/bench/bench_sweep" --device cuda --threads 4 --sequential 3
step bench_qformer 300 "$BUILD/tests/bench/bench_qformer" --device cuda --threads 4 --epochs 3 --steps-per-epoch 20
step qformer_torch 300 python3 tests/bench/compare/qformer_torch.py --device cuda --threads 4 --steps 40 --warmup 20
exit 0
