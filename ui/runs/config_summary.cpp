#include "ui/runs/config_summary.h"

#include <QCoreApplication>
#include <QStringList>

#include <nlohmann/json.hpp>

namespace plumage::ui {

namespace {

// First value named `key` in a depth-first walk (configs nest sections).
const nlohmann::json* findKey(const nlohmann::json& j, const char* key) {
  if (j.is_object()) {
    auto it = j.find(key);
    if (it != j.end()) return &*it;
    for (const auto& item : j.items())
      if (const nlohmann::json* found = findKey(item.value(), key)) return found;
  }
  return nullptr;
}

QString scalarText(const nlohmann::json& v) {
  if (v.is_string()) return QString::fromStdString(v.get<std::string>());
  if (v.is_number_integer()) return QString::number(v.get<long long>());
  if (v.is_number()) return QString::number(v.get<double>(), 'g', 4);
  if (v.is_boolean()) return v.get<bool>() ? QStringLiteral("true") : QStringLiteral("false");
  return {};
}

}  // namespace

QString summarizeConfig(const nlohmann::json& config) {
  if (!config.is_object()) return {};
  QStringList parts;
  if (const auto* kind = findKey(config, "kind");
      kind && kind->is_string() && !findKey(config, "text_source"))
    parts << scalarText(*kind);  // baselines (zero-shot, linear probe) have no ratio
  if (const auto* text = findKey(config, "text_source"); text && text->is_string())
    parts << (text->get<std::string>() == "none" ? QCoreApplication::translate("ConfigSummary", "image only")
                                                 : scalarText(*text));
  if (const auto* conv = findKey(config, "converter")) {
    const nlohmann::json* kind = conv->is_object() ? findKey(*conv, "kind") : conv;
    if (kind && kind->is_string() && findKey(config, "text_source") &&
        findKey(config, "text_source")->get<std::string>() != "none")
      parts << scalarText(*kind);
  }
  if (const auto* sampling = findKey(config, "sampling"); sampling && sampling->is_string())
    parts << scalarText(*sampling);
  const auto* perClass = findKey(config, "per_class_ratios");
  if (perClass && !perClass->empty() && !perClass->is_null())
    parts << QCoreApplication::translate("ConfigSummary", "per-class ratios");
  else if (const auto* ratio = findKey(config, "image_ratio"); ratio && ratio->is_number())
    parts << QCoreApplication::translate("ConfigSummary", "images %1%")
                 .arg(QString::number(100.0 * ratio->get<double>(), 'g', 3));
  if (const auto* seed = findKey(config, "seed"); seed && seed->is_number_integer())
    parts << QCoreApplication::translate("ConfigSummary", "seed %1").arg(seed->get<long long>());
  return parts.join(QStringLiteral(" · "));
}

}  // namespace plumage::ui
