#include "feature_catalog.h"

#include "experiment/feature_header.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QFileInfo>

#include <algorithm>
#include <exception>

namespace plumage::ui {

QString FeatureFileEntry::label() const {
  const QString name = QFileInfo(path).fileName();
  if (!problem.isEmpty()) return QCoreApplication::translate("FeatureCatalog", "%1 (unreadable)").arg(name);
  QStringList parts;
  if (!kind.isEmpty()) parts << kind;
  if (!source.isEmpty()) parts << source;
  if (classes > 0) parts << QCoreApplication::translate("FeatureCatalog", "%n classes", nullptr, classes);
  return parts.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, parts.join(QStringLiteral(", ")));
}

FeatureFileEntry describeFeatureFile(const QString& path) {
  FeatureFileEntry e;
  e.path = path;
  try {
    const experiment::FeatureFileInfo info = experiment::read_feature_file_info(path.toStdString());
    auto meta = [&](const char* k) {
      auto it = info.metadata.find(k);
      return it == info.metadata.end() ? QString() : QString::fromStdString(it->second);
    };
    e.kind = meta("plumage.kind") == QLatin1String("converter") ? QStringLiteral("converter") : meta("kind");
    e.source = e.kind == QLatin1String("converter") ? meta("converter") : meta("source");
    e.model = meta("model");
    e.classes = int(info.class_names.size());
  } catch (const std::exception& ex) {
    e.problem = QString::fromUtf8(ex.what());
  }
  return e;
}

QVector<FeatureFileEntry> scanFeatureFiles(const QString& dir) {
  QVector<FeatureFileEntry> out;
  if (dir.isEmpty()) return out;
  QDirIterator it(dir, {QStringLiteral("*.safetensors")}, QDir::Files, QDirIterator::Subdirectories);
  while (it.hasNext()) out.push_back(describeFeatureFile(it.next()));
  std::sort(out.begin(), out.end(), [](const FeatureFileEntry& a, const FeatureFileEntry& b) { return a.path < b.path; });
  return out;
}

}  // namespace plumage::ui
