# Training engine tests (core/engine/train): synthetic feature sets, small sizes.
plumage_engine_test(tst_sampling SOURCES tst_sampling.cpp train_fixtures.cpp LABELS "unit")
