// One executable for the experiment tests; each class is a topic.
#include <QtTest>

#include "tst_experiment_classes.h"

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  int status = 0;
  {
    TestConfig t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    TestRunner t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    TestHostileOutputs t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    TestDescriptionScores t;
    status |= QTest::qExec(&t, argc, argv);
  }
  return status;
}
