# Data-area benchmark: image decoding + CLIP preprocessing throughput.
# Plain executable (not plumage_bench): it needs only plumage_data, no LibTorch.
if(TARGET plumage_data)  # not in engine-only builds
  add_executable(bench_preprocess bench_preprocess.cpp)
  target_link_libraries(bench_preprocess PRIVATE plumage_data)
  target_compile_definitions(bench_preprocess PRIVATE PLUMAGE_SHARED_DATA_DIR="${PLUMAGE_SHARED_DATA}")
  plumage_warnings(bench_preprocess)
endif()
