# Training engine tests (core/engine/train): synthetic feature sets, small sizes.
plumage_engine_test(tst_sampling SOURCES tst_sampling.cpp train_fixtures.cpp LABELS "unit")
plumage_engine_test(tst_adapter SOURCES tst_adapter.cpp tst_adapter_batched.cpp tst_optim.cpp tst_xent_kernels.cpp train_fixtures.cpp LABELS "unit")
plumage_engine_test(tst_converters SOURCES tst_converters.cpp LABELS "unit")
plumage_engine_test(tst_qformer SOURCES tst_qformer.cpp LABELS "unit")
