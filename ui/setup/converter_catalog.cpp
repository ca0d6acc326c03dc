#include "ui/setup/converter_catalog.h"

#include "core/store/store_reader.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>

#include <cmath>
#include <exception>
#include <optional>

namespace plumage::ui {

namespace {

// Same file whatever the spelling of its path (symlinks, "..").
QString fileKey(const QString& path) {
  const QFileInfo info(path);
  const QString canonical = info.canonicalFilePath();
  return canonical.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : canonical;
}

}  // namespace

QString ConverterEntry::label() const {
  QStringList parts;
  if (!kind.isEmpty()) parts << kind;
  parts << name;
  if (!std::isnan(valCosine))
    parts << QCoreApplication::translate("ConverterCatalog", "val cos %1").arg(valCosine, 0, 'f', 3);
  if (exists) {
    const QString warning = trainingDataWarning(trainedOn);
    if (!warning.isEmpty()) parts << warning;
  }
  QString text = parts.join(QStringLiteral(" · "));
  if (!exists) text += QLatin1Char(' ') + QCoreApplication::translate("ConverterCatalog", "(file missing)");
  return text;
}

QString workspaceConverterDir(const QString& workspaceRoot) {
  return QDir(workspaceRoot).filePath(QStringLiteral("converters"));
}

QString converterFileName(const QString& name) {
  static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]+"));
  QString base = name.trimmed();
  base.replace(unsafe, QStringLiteral("_"));
  while (base.startsWith(QLatin1Char('.'))) base.remove(0, 1);
  if (base.isEmpty()) base = QStringLiteral("converter");
  return base + QStringLiteral(".safetensors");
}

QVector<ConverterEntry> storeConverters(const QString& storePath, QString* error) {
  QVector<ConverterEntry> out;
  if (storePath.isEmpty() || !QFileInfo::exists(storePath)) return out;
  try {
    store::StoreReader reader(storePath.toStdString());
    // One query for the converter artifacts, then their runs (few), rather
    // than an artifact query per run of the store (thousands after sweeps).
    for (const store::ArtifactInfo& a : reader.artifacts_of_kind("converter")) {
      const std::optional<store::RunInfo> run = reader.run(a.run_id);
      if (!run || run->status != store::RunStatus::Done) continue;  // a failed training leaves no checkpoint
      ConverterEntry e;
      e.path = QString::fromStdString(a.path);
      e.runId = run->id;
      e.exists = QFileInfo::exists(e.path);
      const nlohmann::json& c = run->config;
      if (c.is_object()) {
        if (c.contains("name") && c["name"].is_string()) e.name = QString::fromStdString(c["name"].get<std::string>());
        if (c.contains("converter") && c["converter"].is_object() && c["converter"].contains("kind") &&
            c["converter"]["kind"].is_string())
          e.kind = QString::fromStdString(c["converter"]["kind"].get<std::string>());
      }
      if (e.name.isEmpty()) e.name = QFileInfo(e.path).completeBaseName();
      if (const auto result = reader.result(run->id); result && result->metrics.is_object()) {
        const auto m = result->metrics.find("val_cosine");
        if (m != result->metrics.end() && m->is_number()) e.valCosine = m->get<double>();
      }
      out.push_back(e);
    }
  } catch (const std::exception& e) {
    if (error)
      *error = QCoreApplication::translate("ConverterCatalog", "Cannot read the converters in %1: %2")
                   .arg(storePath, QString::fromUtf8(e.what()));
  }
  return out;
}

QVector<ConverterEntry> mergeConverters(const QVector<ConverterEntry>& fromStore,
                                        const QVector<FeatureFileEntry>& files) {
  QVector<ConverterEntry> out;
  QHash<QString, int> byFile;
  for (const ConverterEntry& e : fromStore) {
    const QString key = fileKey(e.path);
    if (byFile.contains(key)) continue;  // an older record of the same file
    byFile.insert(key, out.size());
    out.push_back(e);
  }
  for (const FeatureFileEntry& f : files) {
    if (f.kind != QLatin1String("converter")) continue;
    const QString key = fileKey(f.path);
    if (const auto it = byFile.constFind(key); it != byFile.constEnd()) {
      // The checkpoint's own header is the authority on what it is.
      ConverterEntry& e = out[*it];
      if (!f.source.isEmpty()) e.kind = f.source;
      if (std::isnan(e.valCosine)) e.valCosine = f.valCosine;
      e.trainedOn = f.trainedOn;
      e.headerRead = true;
      continue;
    }
    ConverterEntry e;
    e.path = f.path;
    e.kind = f.source;
    e.name = QFileInfo(f.path).completeBaseName();
    e.valCosine = f.valCosine;
    e.trainedOn = f.trainedOn;
    e.headerRead = true;
    byFile.insert(key, out.size());
    out.push_back(e);
  }
  // Store entries outside the scanned folders: their own header says what they were trained on.
  for (ConverterEntry& e : out)
    if (!e.headerRead && e.exists) e.trainedOn = describeFeatureFile(e.path).trainedOn;
  return out;
}

}  // namespace plumage::ui
