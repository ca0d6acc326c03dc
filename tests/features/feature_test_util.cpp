#include "feature_test_util.h"

#include <QDir>
#include <QFileInfo>

namespace plumage::test {

QString shared_data(const QString& relative) {
  QString root = qEnvironmentVariable("PLUMAGE_SHARED_DATA");
  if (root.isEmpty()) root = QStringLiteral(PLUMAGE_SHARED_DATA_DIR);
  const QString path = QDir(root).absoluteFilePath(relative);
  return QFileInfo::exists(path) ? path : QString();
}

}  // namespace plumage::test
