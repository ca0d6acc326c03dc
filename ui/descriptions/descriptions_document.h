// The editable descriptions of the open dataset. Every change goes through an
// undo command on the workspace's QUndoStack and is saved at once to the
// workspace's copy of the descriptions file (the user's original file is
// never written). Editing never overwrites text: an edit is a new variant with
// provenance "manual" that names the variant it was edited from.
#pragma once

#include "core/data/descriptions.h"

#include <QObject>
#include <QString>

#include <memory>

class QUndoStack;

namespace plumage::ui {

class DescriptionsDocument : public QObject {
  Q_OBJECT
 public:
  // `savePath` empty = changes stay in memory.
  DescriptionsDocument(std::shared_ptr<data::DescriptionStore> store, QString savePath, QUndoStack* undo,
                       QObject* parent = nullptr);

  const data::DescriptionStore& store() const { return *store_; }
  const data::ClassDescriptions* find(const QString& className) const;
  const data::DescriptionVariant* variant(const QString& className, const QString& variantId) const;
  QString savePath() const { return path_; }

  // Undoable user actions.
  // Adds an edited copy of `baseId` with the given fields and sentences; returns the new id.
  QString addEditedVariant(const QString& className, const QString& baseId,
                           const std::vector<std::pair<std::string, std::string>>& fields,
                           const std::vector<std::string>& sentences);
  void setStatus(const QString& className, const QString& variantId, data::ReviewStatus status);

  // Declared fields missing (or empty) in every usable variant of the class.
  QStringList missingFields(const QString& className) const;

  // Primitive operations used by the undo commands (not undoable themselves).
  void insertVariant(const QString& className, const data::DescriptionVariant& v, int position);
  void removeVariant(const QString& className, const QString& variantId);
  void applyStatus(const QString& className, const QString& variantId, data::ReviewStatus status);

 signals:
  void classChanged(const QString& className);
  void saveFailed(const QString& error);

 private:
  void save();
  data::ClassDescriptions* findMutable(const QString& className);

  std::shared_ptr<data::DescriptionStore> store_;
  QString path_;
  QUndoStack* undo_;
};

}  // namespace plumage::ui
