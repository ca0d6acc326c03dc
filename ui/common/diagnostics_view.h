// A readable list of the problems a reader found (file, line, message),
// sortable, with the full text copyable. Used by "Add dataset" and by the
// browser's warnings button.
#pragma once

#include "core/data/diagnostics.h"

#include <QDialog>
#include <QTreeWidget>

#include <vector>

namespace plumage::ui {

class DiagnosticsView : public QTreeWidget {
  Q_OBJECT
 public:
  explicit DiagnosticsView(QWidget* parent = nullptr);
  void setDiagnostics(const std::vector<data::Diagnostic>& list, const QStringList& notes = {});
  // Every row as "file:line: message" lines (for the clipboard).
  QString plainText() const;
};

class DiagnosticsDialog : public QDialog {
  Q_OBJECT
 public:
  DiagnosticsDialog(const QString& title, const std::vector<data::Diagnostic>& list, const QStringList& notes,
                    QWidget* parent = nullptr);
};

}  // namespace plumage::ui
