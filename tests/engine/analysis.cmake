# Embedding analysis (core/engine/analysis): PCA projection and per-pair
# conversion diagnostics, on small synthetic data.
plumage_engine_test(tst_analysis SOURCES tst_analysis.cpp LABELS "unit")
