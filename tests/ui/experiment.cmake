# Tests of the Setup and Runs pages (ui/setup, ui/runs): setup page, runs page, training worker.
add_library(plumage_ui_experiment_fixtures STATIC
  "${CMAKE_CURRENT_LIST_DIR}/experiment_fixtures.cpp" "${CMAKE_CURRENT_LIST_DIR}/experiment_fixtures.h"
  "${CMAKE_CURRENT_LIST_DIR}/synthetic_features.cpp" "${CMAKE_CURRENT_LIST_DIR}/synthetic_features.h"
  "${CMAKE_CURRENT_LIST_DIR}/tiny_clip_fixture.cpp" "${CMAKE_CURRENT_LIST_DIR}/tiny_clip_fixture.h")
target_link_libraries(plumage_ui_experiment_fixtures PUBLIC Qt6::Core plumage_engine plumage_experiment)
target_include_directories(plumage_ui_experiment_fixtures PUBLIC "${CMAKE_CURRENT_LIST_DIR}")
plumage_torch_pch(plumage_ui_experiment_fixtures)
plumage_warnings(plumage_ui_experiment_fixtures)

plumage_qt_test(tst_setup SOURCES "${CMAKE_CURRENT_LIST_DIR}/tst_setup.cpp"
                LIBS plumage_ui plumage_ui_experiment_fixtures LABELS "gui;unit")
plumage_qt_test(tst_runs SOURCES "${CMAKE_CURRENT_LIST_DIR}/tst_runs.cpp"
                LIBS plumage_ui plumage_ui_experiment_fixtures LABELS "gui;unit")
# "Train a converter…" on the setup page (ui/setup/train_converter_dialog, converter_*).
plumage_qt_test(tst_train_converter SOURCES "${CMAKE_CURRENT_LIST_DIR}/tst_train_converter.cpp"
                LIBS plumage_ui plumage_ui_experiment_fixtures LABELS "gui;unit")
# "Extract Features…" (ui/features): a tiny random-weight CLIP on a tiny CUB.
plumage_qt_test(tst_feature_extraction SOURCES "${CMAKE_CURRENT_LIST_DIR}/tst_feature_extraction.cpp"
                LIBS plumage_ui plumage_ui_experiment_fixtures plumage_ui_test_fixtures LABELS "gui;unit")
# One door: the same adapter run and converter training from the CLI and the GUI record the same fields.
plumage_qt_test(tst_cli_gui_runs SOURCES "${CMAKE_CURRENT_LIST_DIR}/tst_cli_gui_runs.cpp"
                LIBS plumage_ui plumage_ui_experiment_fixtures LABELS "gui;unit")
target_compile_definitions(tst_cli_gui_runs PRIVATE PLUMAGE_CLI_PATH="$<TARGET_FILE:plumage-cli>")
add_dependencies(tst_cli_gui_runs plumage-cli)
