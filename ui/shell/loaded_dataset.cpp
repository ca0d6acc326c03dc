#include "ui/shell/loaded_dataset.h"

#include "core/data/description_import.h"
#include "core/data/manifest.h"
#include "core/data/reed_captions.h"
#include "core/json/parse_limited.h"
#include "ui/common/job.h"

#include <QDir>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include <fstream>

namespace plumage::ui {

DescriptionsFormat descriptionsFormatFromString(const QString& s) {
  if (s == QLatin1String("plumage")) return DescriptionsFormat::Plumage;
  if (s == QLatin1String("menon")) return DescriptionsFormat::MenonVondrick;
  if (s == QLatin1String("cupl")) return DescriptionsFormat::CuPL;
  return DescriptionsFormat::Auto;
}

QString toString(DescriptionsFormat f) {
  switch (f) {
    case DescriptionsFormat::Plumage: return QStringLiteral("plumage");
    case DescriptionsFormat::MenonVondrick: return QStringLiteral("menon");
    case DescriptionsFormat::CuPL: return QStringLiteral("cupl");
    case DescriptionsFormat::Auto: break;
  }
  return QStringLiteral("auto");
}

QString LoadedDataset::className(int label) const {
  if (label < 0 || label >= int(dataset.classes.size())) return {};
  const data::ClassInfo& c = dataset.classes[std::size_t(label)];
  return QString::fromStdString(c.display_name.empty() ? c.name : c.display_name);
}

std::size_t LoadedDataset::captionCount() const {
  std::size_t n = 0;
  for (const auto& c : captions) n += c.size();
  return n;
}

namespace {

// A Plumage descriptions file says so in its "format" key; anything else is a phrase list.
bool isPlumageDescriptions(const std::string& path) {
  try {
    const nlohmann::json j = jsonio::read_file(path, jsonio::kData);
    return j.is_object() && j.contains("format") && j["format"] == "plumage-descriptions";
  } catch (const std::exception&) {
    return false;  // the importer reports the parse error with the file name
  }
}

void readDescriptions(LoadedDataset& out, const DatasetEntry& entry, const LoadOptions& options) {
  const std::string copy = options.descriptionsCopy.toStdString();
  if (!copy.empty() && QFileInfo::exists(options.descriptionsCopy)) {
    // The workspace copy holds the user's edits and review marks: it wins.
    out.descriptions = std::make_shared<data::DescriptionStore>(data::DescriptionStore::load(copy));
    return;
  }
  if (entry.descriptions.isEmpty()) return;
  const std::string src = entry.descriptions.toStdString();
  DescriptionsFormat fmt = descriptionsFormatFromString(entry.descriptionsFormat);
  if (fmt == DescriptionsFormat::Auto)
    fmt = isPlumageDescriptions(src) ? DescriptionsFormat::Plumage : DescriptionsFormat::MenonVondrick;
  auto store = std::make_shared<data::DescriptionStore>();
  if (fmt == DescriptionsFormat::Plumage) {
    *store = data::DescriptionStore::load(src);
  } else {
    const auto kind = fmt == DescriptionsFormat::CuPL ? data::PhraseListKind::CuPL : data::PhraseListKind::MenonVondrick;
    data::ImportReport report = data::import_phrase_lists(src, kind, out.dataset.class_names(), *store);
    for (data::Diagnostic& d : report.problems) out.warnings.push_back(std::move(d));
    out.notes << QObject::tr("Descriptions: %1 classes matched from %2").arg(report.matched).arg(entry.descriptions);
    if (!report.unmatched_names.empty()) {
      // Expected for a subset of CUB (the file covers all 200 classes): a note, not a warning.
      QStringList names;
      for (const std::string& n : report.unmatched_names) names << QString::fromStdString(n);
      out.notes << QObject::tr("%n name(s) in the descriptions file match no class of this dataset: %1", "",
                               int(names.size()))
                       .arg(names.mid(0, 12).join(QStringLiteral(", ")) + (names.size() > 12 ? QStringLiteral(", …") : QString()));
    }
    for (const std::string& c : report.classes_without_entry)
      out.warnings.push_back({src, 0, "no description for class " + c});
  }
  if (!copy.empty()) store->save(copy);
  out.descriptions = std::move(store);
}

}  // namespace

std::shared_ptr<LoadedDataset> loadDataset(const DatasetEntry& entry, const LoadOptions& options, JobContext* ctx) {
  auto out = std::make_shared<LoadedDataset>();
  out->entry = entry;
  const int steps = 3;
  auto step = [&](int i, const QString& what) {
    if (!ctx) return;
    ctx->throwIfCancelled();
    ctx->progress(i, steps, what);
  };

  step(0, QObject::tr("reading image lists"));
  data::ReadOptions ro;
  ro.mode = data::ReadMode::Lenient;
  ro.check_files_exist = options.checkFilesExist;
  out->dataset = data::open_dataset(entry.root.toStdString(), ro);
  if (out->dataset.images.empty())
    throw data::DataError(entry.root.toStdString(), 0, "no usable images in this dataset");
  out->warnings = out->dataset.warnings;

  const std::size_t n = out->dataset.images.size();
  out->imagePaths.reserve(int(n));
  for (const data::ImageRecord& r : out->dataset.images)
    out->imagePaths.push_back(QString::fromStdString(out->dataset.image_path(r)));
  out->classCounts.resize(int(out->dataset.classes.size()));
  for (const data::ImageRecord& r : out->dataset.images) {
    if (r.label < 0 || r.label >= out->classCounts.size()) continue;
    ClassCounts& c = out->classCounts[r.label];
    (r.is_train ? c.train : c.test)++;
  }

  step(1, QObject::tr("reading captions"));
  if (!entry.captionsDir.isEmpty()) {
    data::CaptionReadOptions co;
    co.mode = data::ReadMode::Lenient;
    data::ImageCaptions caps = data::read_reed_captions(out->dataset, entry.captionsDir.toStdString(), co);
    for (data::Diagnostic& d : caps.warnings) out->warnings.push_back(std::move(d));
    out->captions = std::move(caps.per_image);
    out->hasCaptions = true;
    for (std::size_t i = 0; i < n && i < out->captions.size(); ++i) {
      const int label = out->dataset.images[i].label;
      if (!out->captions[i].empty() && label >= 0 && label < out->classCounts.size())
        out->classCounts[label].imagesWithCaptions++;
    }
  }
  out->captions.resize(n);

  step(2, QObject::tr("reading descriptions"));
  try {
    readDescriptions(*out, entry, options);
  } catch (const std::exception& e) {
    // Images are still worth browsing when the descriptions file is broken.
    out->descriptionsError = QString::fromUtf8(e.what());
  }
  step(3, QObject::tr("done"));
  return out;
}

}  // namespace plumage::ui
