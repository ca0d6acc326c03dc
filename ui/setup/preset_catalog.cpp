#include "ui/setup/preset_catalog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace plumage::ui {

QStringList presetDirectories() {
  QStringList candidates;
  const QString env = qEnvironmentVariable("PLUMAGE_PRESETS_DIR");
  if (!env.isEmpty()) candidates << env;
  candidates << QCoreApplication::applicationDirPath() + QStringLiteral("/../share/plumage/presets");
#ifdef PLUMAGE_SOURCE_PRESETS_DIR
  candidates << QStringLiteral(PLUMAGE_SOURCE_PRESETS_DIR);
#endif
  QStringList dirs;
  for (const QString& c : candidates) {
    const QString canonical = QFileInfo(c).canonicalFilePath();
    if (!canonical.isEmpty() && QFileInfo(canonical).isDir() && !dirs.contains(canonical)) dirs << canonical;
  }
  return dirs;
}

QVector<PresetEntry> listPresets() {
  QVector<PresetEntry> out;
  QStringList seen;
  for (const QString& dir : presetDirectories()) {
    for (const QFileInfo& fi : QDir(dir).entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
      if (seen.contains(fi.completeBaseName())) continue;  // the first directory wins
      seen << fi.completeBaseName();
      PresetEntry e;
      e.name = fi.completeBaseName();
      e.path = fi.absoluteFilePath();
      QFile f(e.path);
      if (f.open(QIODevice::ReadOnly))
        e.description = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("description")).toString();
      out.push_back(e);
    }
  }
  return out;
}

}  // namespace plumage::ui
