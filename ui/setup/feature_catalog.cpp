#include "ui/setup/feature_catalog.h"

#include "core/experiment/feature_header.h"
#include "core/json/parse_limited.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QFileInfo>
#include <QSet>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <exception>

namespace plumage::ui {

QString FeatureFileEntry::label() const {
  const QString name = QFileInfo(path).fileName();
  if (!problem.isEmpty()) return QCoreApplication::translate("FeatureCatalog", "%1 (unreadable)").arg(name);
  QStringList parts;
  if (!kind.isEmpty()) parts << kind;
  if (!source.isEmpty()) parts << source;
  // Descriptions encoded per field and per variant train differently: say which one this is.
  if (textUnit == QLatin1String("field")) parts << QCoreApplication::translate("FeatureCatalog", "one text per field");
  else if (textUnit == QLatin1String("variant")) parts << QCoreApplication::translate("FeatureCatalog", "one text per description");
  if (classes > 0) parts << QCoreApplication::translate("FeatureCatalog", "%n classes", nullptr, classes);
  if (pairsOnly) parts << QCoreApplication::translate("FeatureCatalog", "pairs only, for converters");
  if (kind == QLatin1String("converter")) {
    const QString warning = trainingDataWarning(trainedOn);
    if (!warning.isEmpty()) parts << warning;
  }
  return parts.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, parts.join(QStringLiteral(", ")));
}

QString trainingDataWarning(const QString& trainedOn) {
  if (trainedOn == QLatin1String("train")) return QString();
  if (trainedOn.isEmpty()) return QCoreApplication::translate("FeatureCatalog", "training data unknown");
  return QCoreApplication::translate("FeatureCatalog", "⚠ trained on test images");
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
    e.textUnit = meta("text_unit");
    e.classes = int(info.class_names.size());
    e.pairsOnly = meta("pairs_only") == QLatin1String("true");
    e.hasTokens = std::find(info.tensor_names.begin(), info.tensor_names.end(), "tokens") != info.tensor_names.end();
    if (e.kind == QLatin1String("converter")) {
      // save_converter stores the ConverterResult; its "val" holds the diagnostics.
      nlohmann::json result;
      try {
        result = jsonio::parse(meta("result").toStdString(), "metadata 'result'", jsonio::kData);
      } catch (const jsonio::Error&) {
      }
      if (result.is_object() && result.contains("val") && result["val"].is_object()) {
        const nlohmann::json& val = result["val"];
        if (val.contains("cosine") && val["cosine"].is_number()) e.valCosine = val["cosine"].get<double>();
        if (val.contains("r_at_1") && val["r_at_1"].is_number()) e.valR1 = val["r_at_1"].get<double>();
      }
      // Its training record (ConverterTrainingData), absent in older checkpoints.
      if (result.is_object() && result.contains("training_data") && result["training_data"].is_object()) {
        const nlohmann::json& data = result["training_data"];
        if (data.contains("split") && data["split"].is_string())
          e.trainedOn = QString::fromStdString(data["split"].get<std::string>());
      }
    }
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

namespace plumage::ui {

QVector<FeatureFileEntry> scanFeatureFiles(const QStringList& dirs) {
  QVector<FeatureFileEntry> out;
  QSet<QString> seen;
  for (const QString& dir : dirs) {
    if (dir.isEmpty() || !QFileInfo(dir).isDir()) continue;
    for (const FeatureFileEntry& e : scanFeatureFiles(dir)) {
      const QString canonical = QFileInfo(e.path).canonicalFilePath();
      if (seen.contains(canonical)) continue;
      seen.insert(canonical);
      out.push_back(e);
    }
  }
  return out;
}

}  // namespace plumage::ui
