# Feature extraction: decode + preprocess alone and end to end with a
# ViT-B/16-shaped CLIP (random weights); compare/encode_pipeline_torch.py is
# the PyTorch + PIL + torchvision baseline.
if(TARGET plumage_features)
  plumage_bench(bench_encode_pipeline SOURCES bench_encode_pipeline.cpp LIBS plumage_features)
  target_compile_definitions(bench_encode_pipeline PRIVATE PLUMAGE_SHARED_DATA_DIR="${PLUMAGE_SHARED_DATA}")
endif()
