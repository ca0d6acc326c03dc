// Experiment presets (resources/presets/*.json: the thesis table, baselines):
// found in $PLUMAGE_PRESETS_DIR, next to the installed program
// (../share/plumage/presets), or in the source tree of a development build.
#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

namespace plumage::ui {

struct PresetEntry {
  QString name;         // file name without .json
  QString path;
  QString description;  // the preset's "description", if any
};

QStringList presetDirectories();
QVector<PresetEntry> listPresets();

}  // namespace plumage::ui
