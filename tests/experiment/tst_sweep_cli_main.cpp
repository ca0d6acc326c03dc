// plumage-cli end to end (separate executable: it starts many processes).
#include <QTemporaryDir>
#include <QtTest>

#include "tst_experiment_classes.h"

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  // Content hashes are remembered in this run's own cache file, not the user's.
  QTemporaryDir hash_dir;
  qputenv("PLUMAGE_HASH_CACHE", (hash_dir.path() + "/hashes.json").toUtf8());
  TestSweepCli t;
  return QTest::qExec(&t, argc, argv);
}
