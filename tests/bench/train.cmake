# Training engine benchmarks (Python baselines in compare/adapter_torch.py, compare/qformer_torch.py;
# bench_sweep compares batched against one-run-at-a-time training, both here).
plumage_bench(bench_adapter SOURCES bench_adapter.cpp)
plumage_bench(bench_qformer SOURCES bench_qformer.cpp)
plumage_bench(bench_sweep SOURCES bench_sweep.cpp)
# Streaming from disk: chunked writing, mapped training vs in memory, streaming hashes (an 8 GB temp file).
plumage_bench(bench_stream SOURCES bench_stream.cpp LIBS plumage_experiment)
