#include "ui/runs/run_inputs_text.h"

#include "core/store/records.h"

#include <QCoreApplication>

namespace plumage::ui {
namespace {
QString tr(const char* s) { return QCoreApplication::translate("RunInputs", s); }
QString q(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

QString describeRunInputs(const std::vector<std::pair<std::string, store::FeatureSetInfo>>& inputs) {
  if (inputs.empty()) return {};
  QString text = tr("Inputs:");
  for (const auto& [role, f] : inputs) {
    text += QStringLiteral("\n  ") + tr("%1: %2").arg(q(role), q(f.path));
    const QString rows = f.rows < 0 ? tr("rows unknown")
                         : f.kind == "converter" ? tr("%1 training pairs").arg(f.rows)
                                                 : tr("%1 rows").arg(f.rows);
    text += QStringLiteral("\n    ") + tr("%1 · %2 · %3").arg(q(f.kind), rows, q(f.content_hash));
    text += QStringLiteral("\n    ") + tr("CLIP model: %1").arg(f.model.empty() ? tr("unknown") : q(f.model));
    if (f.details.is_object() && f.details.contains("training_data") && f.details["training_data"].is_object()) {
      const auto& d = f.details["training_data"];
      text += QStringLiteral("\n    ") + tr("trained on the %1 split of %2 + %3")
                                             .arg(q(d.value("split", std::string("?"))),
                                                  q(d.value("image_file", std::string())),
                                                  q(d.value("text_file", std::string())));
    }
  }
  return text;
}

}  // namespace plumage::ui
