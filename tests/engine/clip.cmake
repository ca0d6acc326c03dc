# Native CLIP model: reference outputs, every weight format, error cases,
# contrastive training (tst_clip_train.cpp: no shared data needed).
plumage_engine_test(tst_clip
  SOURCES tst_clip_reference.cpp tst_clip_formats.cpp tst_clip_errors.cpp tst_clip_pickle.cpp tst_clip_train.cpp
  LABELS "unit;data")
# torch.save fixtures made by fixtures/make_torch_fixtures.py (python3-torch).
target_compile_definitions(tst_clip PRIVATE PLUMAGE_CLIP_FIXTURES="${CMAKE_CURRENT_SOURCE_DIR}/fixtures")
