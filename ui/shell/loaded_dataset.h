// A dataset as the workbench holds it once loaded: the images and classes
// (core/data), the Reed captions per image, the warnings found while reading,
// and the descriptions read from the workspace's copy. Built on a worker by
// loadDataset(); shared read-only between pages afterwards.
#pragma once

#include "core/data/dataset.h"
#include "core/data/descriptions.h"
#include "ui/shell/workspace.h"

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>
#include <vector>

namespace plumage::ui {

class JobContext;

// How the descriptions file of a dataset is read.
enum class DescriptionsFormat { Auto, Plumage, MenonVondrick, CuPL };
DescriptionsFormat descriptionsFormatFromString(const QString& s);
QString toString(DescriptionsFormat f);

struct ClassCounts {
  int train = 0;
  int test = 0;
  int imagesWithCaptions = 0;
};

struct LoadedDataset {
  DatasetEntry entry;
  data::Dataset dataset;
  QVector<QString> imagePaths;                        // absolute path per image, aligned with dataset.images
  std::vector<std::vector<std::string>> captions;     // per image; empty vectors when none
  bool hasCaptions = false;
  QVector<ClassCounts> classCounts;                   // per class label
  std::vector<data::Diagnostic> warnings;             // everything the readers reported
  QStringList notes;                                  // summaries: unmatched description names, ...
  // Descriptions as read (the workspace's copy, or freshly imported); the
  // session moves them into its editable DescriptionsDocument.
  std::shared_ptr<data::DescriptionStore> descriptions;
  QString descriptionsError;                          // why descriptions could not be read, if so

  QString className(int label) const;                 // display name
  std::size_t captionCount() const;
};

struct LoadOptions {
  // Where the workspace keeps its editable descriptions copy; empty = import only.
  QString descriptionsCopy;
  bool checkFilesExist = true;
};

// Reads the dataset leniently (warnings collected, bad entries skipped).
// Throws data::DataError / std::runtime_error when nothing usable can be read.
// Reports progress and honours cancellation through `ctx` (may be nullptr).
std::shared_ptr<LoadedDataset> loadDataset(const DatasetEntry& entry, const LoadOptions& options, JobContext* ctx);

}  // namespace plumage::ui

Q_DECLARE_METATYPE(std::shared_ptr<plumage::ui::LoadedDataset>)
