// plumage-cli end to end (separate executable: it starts many processes).
#include <QtTest>

#include "tst_experiment_classes.h"

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  TestSweepCli t;
  return QTest::qExec(&t, argc, argv);
}
