# Native CLIP model: reference outputs, every weight format, error cases.
plumage_engine_test(tst_clip
  SOURCES tst_clip_reference.cpp tst_clip_formats.cpp tst_clip_errors.cpp
  LABELS "unit;data")
