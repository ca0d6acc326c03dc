// Texts that core/ makes in English (it has no Qt, so no tr()): the demo
// job's progress lines and the results tables' row/column labels. The UI
// shows them through coreText(), which translates them with the context
// "core" from a fixed table (core_texts.cpp, seen by lupdate): known texts
// whole, or a known pattern with its numbers, paths and JSON kept as they
// are. Unknown texts stay as core made them. Called at display time, so a
// language change shows them in the new language. CLI output stays English.
#pragma once

#include <QString>

#include <string>

namespace plumage::ui {

QString coreText(const QString& english);
inline QString coreText(const std::string& english) { return coreText(QString::fromStdString(english)); }

}  // namespace plumage::ui
