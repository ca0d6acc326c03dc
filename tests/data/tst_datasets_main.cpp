// tst_datasets: runs the data-area Qt Test classes in one executable.
#include "core/data/file_util.h"

#include <QCoreApplication>

int run_descriptions_tests(int argc, char** argv);
int run_cub_tests(int argc, char** argv);
int run_captions_tests(int argc, char** argv);
int run_demo_tests(int argc, char** argv);
int run_json_limits_tests(int argc, char** argv);

int main(int argc, char** argv) {
  // Child mode for TestCub::atomic_write_syncs_file_and_folder: one
  // write_file_atomic call, traced by strace from the parent test.
  if (qEnvironmentVariableIsSet("PLUMAGE_TEST_ATOMIC_WRITE")) {
    plumage::data::write_file_atomic(qEnvironmentVariable("PLUMAGE_TEST_ATOMIC_WRITE").toStdString(),
                                     "payload\n");
    return 0;
  }
  QCoreApplication app(argc, argv);
  int failed = 0;
  failed += run_descriptions_tests(argc, argv);
  failed += run_cub_tests(argc, argv);
  failed += run_captions_tests(argc, argv);
  failed += run_demo_tests(argc, argv);
  failed += run_json_limits_tests(argc, argv);
  return failed;
}
