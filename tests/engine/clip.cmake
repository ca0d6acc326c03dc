# Native CLIP model: reference outputs, every weight format, error cases.
plumage_engine_test(tst_clip
  SOURCES tst_clip_reference.cpp tst_clip_formats.cpp tst_clip_errors.cpp tst_clip_pickle.cpp
  LABELS "unit;data")
# torch.save fixtures made by fixtures/make_torch_fixtures.py (python3-torch).
target_compile_definitions(tst_clip PRIVATE PLUMAGE_CLIP_FIXTURES="${CMAKE_CURRENT_SOURCE_DIR}/fixtures")
