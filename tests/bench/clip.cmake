# CLIP encoding throughput (model only); Python baseline in compare/clip_encode_torch.py.
plumage_bench(bench_clip_encode SOURCES bench_clip_encode.cpp)
