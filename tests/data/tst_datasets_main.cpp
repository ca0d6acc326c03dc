// tst_datasets: runs the data-area Qt Test classes in one executable.
#include <QCoreApplication>

int run_descriptions_tests(int argc, char** argv);
int run_cub_tests(int argc, char** argv);
int run_captions_tests(int argc, char** argv);
int run_demo_tests(int argc, char** argv);

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  int failed = 0;
  failed += run_descriptions_tests(argc, argv);
  failed += run_cub_tests(argc, argv);
  failed += run_captions_tests(argc, argv);
  failed += run_demo_tests(argc, argv);
  return failed;
}
