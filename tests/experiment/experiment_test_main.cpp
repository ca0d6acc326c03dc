// One executable for the experiment tests; each class is a topic.
#include <QTemporaryDir>
#include <QtTest>

#include "tst_experiment_classes.h"

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  // Content hashes are remembered in this run's own cache file, not the user's.
  QTemporaryDir hash_dir;
  qputenv("PLUMAGE_HASH_CACHE", (hash_dir.path() + "/hashes.json").toUtf8());
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
