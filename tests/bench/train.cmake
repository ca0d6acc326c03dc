# Training engine benchmarks (Python baselines in compare/adapter_torch.py, compare/qformer_torch.py).
plumage_bench(bench_adapter SOURCES bench_adapter.cpp)
plumage_bench(bench_qformer SOURCES bench_qformer.cpp)
