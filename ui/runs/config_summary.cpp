#include "ui/runs/config_summary.h"

#include <QCoreApplication>
#include <QFileInfo>
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

// A file path shown by name ("qformer-coco" for /tmp/x/qformer-coco.safetensors).
QString fileStem(const std::string& path) { return QFileInfo(QString::fromStdString(path)).completeBaseName(); }

QString methodName(const std::string& m) {
  if (m == "zero_shot") return QCoreApplication::translate("ConfigSummary", "zero-shot");
  if (m == "linear_probe") return QCoreApplication::translate("ConfigSummary", "linear probe");
  return QString::fromStdString(m);
}

QString textSourceName(const std::string& s) {
  if (s == "none") return QCoreApplication::translate("ConfigSummary", "image only");
  if (s == "reed") return QCoreApplication::translate("ConfigSummary", "+ Reed");
  if (s == "llm") return QCoreApplication::translate("ConfigSummary", "+ LLM");
  return QString::fromStdString(s);
}

}  // namespace

QString summarizeConfig(const nlohmann::json& config) {
  if (!config.is_object()) return {};
  QStringList parts;
  // Method: adapter runs are the common case and say so by their text source.
  const auto method = config.find("method");
  const std::string m = method != config.end() && method->is_string() ? method->get<std::string>() : "adapter";
  if (m != "adapter") parts << methodName(m);
  const auto* text = findKey(config, "text_source");
  const bool withText = text && text->is_string() && text->get<std::string>() != "none";
  if (text && text->is_string()) parts << textSourceName(text->get<std::string>());
  // Converter by name: "identity", or the checkpoint's file name (its path is on hover).
  if (const auto conv = config.find("converter"); withText && conv != config.end()) {
    if (conv->is_string()) {
      const std::string c = conv->get<std::string>();
      parts << (c == "identity" ? QCoreApplication::translate("ConfigSummary", "identity") : fileStem(c));
    } else if (const auto* kind = conv->is_object() ? findKey(*conv, "kind") : nullptr; kind && kind->is_string()) {
      parts << scalarText(*kind);
    }
  }
  if (const auto* sampling = findKey(config, "sampling"); sampling && sampling->is_string() && m == "adapter")
    parts << scalarText(*sampling);
  const auto* perClass = findKey(config, "per_class_ratios");
  if (perClass && !perClass->empty() && !perClass->is_null())
    parts << QCoreApplication::translate("ConfigSummary", "per-class ratios");
  else if (const auto* ratio = findKey(config, "image_ratio"); ratio && ratio->is_number() && m == "adapter")
    parts << QCoreApplication::translate("ConfigSummary", "images %1%")
                 .arg(QString::number(100.0 * ratio->get<double>(), 'g', 3));
  if (const auto* seed = findKey(config, "seed"); seed && seed->is_number_integer())
    parts << QCoreApplication::translate("ConfigSummary", "seed %1").arg(seed->get<long long>());
  return parts.join(QStringLiteral(" · "));
}

QString configFilesTooltip(const nlohmann::json& config) {
  if (!config.is_object()) return {};
  QStringList lines;
  const auto add = [&](const QString& what, const nlohmann::json& v) {
    if (v.is_string()) lines << QStringLiteral("%1: %2").arg(what, QString::fromStdString(v.get<std::string>()));
  };
  if (const auto f = config.find("features"); f != config.end() && f->is_object()) {
    if (const auto i = f->find("image"); i != f->end()) add(QCoreApplication::translate("ConfigSummary", "image features"), *i);
    if (const auto t = f->find("text"); t != f->end() && t->is_object())
      for (const auto& [src, path] : t->items())
        add(QCoreApplication::translate("ConfigSummary", "text features (%1)").arg(QString::fromStdString(src)), path);
    if (const auto c = f->find("class_text"); c != f->end()) add(QCoreApplication::translate("ConfigSummary", "class text"), *c);
  }
  if (const auto c = config.find("converter"); c != config.end() && c->is_string() && c->get<std::string>() != "identity")
    add(QCoreApplication::translate("ConfigSummary", "converter"), *c);
  return lines.join(QLatin1Char('\n'));
}

}  // namespace plumage::ui
