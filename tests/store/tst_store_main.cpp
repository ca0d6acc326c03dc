// One executable for the store tests; each class is a topic.
#include <QtTest>

#include "tst_store_classes.h"

int main(int argc, char** argv) {
  int status = 0;
  {
    TestStore t;
    status |= QTest::qExec(&t, argc, argv);
  }
  {
    TestStoreCrash t;
    status |= QTest::qExec(&t, argc, argv);
  }
  return status;
}
