#include "ui/descriptions/descriptions_document.h"

#include "core/data/file_util.h"

#include <QUndoCommand>
#include <QUndoStack>

#include <algorithm>

namespace plumage::ui {

namespace {

class AddVariantCommand : public QUndoCommand {
 public:
  AddVariantCommand(DescriptionsDocument* doc, QString cls, data::DescriptionVariant v)
      : doc_(doc), cls_(std::move(cls)), v_(std::move(v)) {
    setText(QObject::tr("edit description of %1").arg(cls_));
  }
  void redo() override { doc_->insertVariant(cls_, v_, -1); }
  void undo() override { doc_->removeVariant(cls_, QString::fromStdString(v_.id)); }

 private:
  DescriptionsDocument* doc_;
  QString cls_;
  data::DescriptionVariant v_;
};

class SetStatusCommand : public QUndoCommand {
 public:
  SetStatusCommand(DescriptionsDocument* doc, QString cls, QString id, data::ReviewStatus before,
                   data::ReviewStatus after)
      : doc_(doc), cls_(std::move(cls)), id_(std::move(id)), before_(before), after_(after) {
    setText(QObject::tr("mark %1 %2 as %3").arg(cls_, id_, QString::fromStdString(data::to_string(after))));
  }
  void redo() override { doc_->applyStatus(cls_, id_, after_); }
  void undo() override { doc_->applyStatus(cls_, id_, before_); }

 private:
  DescriptionsDocument* doc_;
  QString cls_, id_;
  data::ReviewStatus before_, after_;
};

}  // namespace

DescriptionsDocument::DescriptionsDocument(std::shared_ptr<data::DescriptionStore> store, QString savePath,
                                           QUndoStack* undo, QObject* parent)
    : QObject(parent), store_(std::move(store)), path_(std::move(savePath)), undo_(undo) {
  if (!store_) store_ = std::make_shared<data::DescriptionStore>();
}

const data::ClassDescriptions* DescriptionsDocument::find(const QString& className) const {
  return store_->find(className.toStdString());
}

data::ClassDescriptions* DescriptionsDocument::findMutable(const QString& className) {
  return const_cast<data::ClassDescriptions*>(store_->find(className.toStdString()));
}

const data::DescriptionVariant* DescriptionsDocument::variant(const QString& className, const QString& id) const {
  const data::ClassDescriptions* c = find(className);
  if (!c) return nullptr;
  for (const data::DescriptionVariant& v : c->variants)
    if (v.id == id.toStdString()) return &v;
  return nullptr;
}

QString DescriptionsDocument::addEditedVariant(const QString& className, const QString& baseId,
                                               const std::vector<std::pair<std::string, std::string>>& fields,
                                               const std::vector<std::string>& sentences) {
  data::DescriptionVariant v;
  v.fields = fields;
  v.sentences = sentences;
  v.provenance.source = "manual";
  v.provenance.created = data::utc_now_iso8601();
  v.provenance.parameters["edited_from"] = baseId.toStdString();
  if (const data::DescriptionVariant* base = variant(className, baseId)) {
    v.provenance.model = base->provenance.model;
    v.provenance.parameters["edited_from_source"] = base->provenance.source;
  }
  // A fresh id now, so undo/redo refer to the same variant.
  const data::ClassDescriptions* c = find(className);
  int n = c ? int(c->variants.size()) + 1 : 1;
  auto taken = [&](const std::string& id) {
    if (!c) return false;
    for (const auto& x : c->variants)
      if (x.id == id) return true;
    return false;
  };
  std::string id = "edit" + std::to_string(n);
  while (taken(id)) id = "edit" + std::to_string(++n);
  v.id = id;
  undo_->push(new AddVariantCommand(this, className, v));
  return QString::fromStdString(id);
}

void DescriptionsDocument::setStatus(const QString& className, const QString& variantId, data::ReviewStatus status) {
  const data::DescriptionVariant* v = variant(className, variantId);
  if (!v || v->status == status) return;
  undo_->push(new SetStatusCommand(this, className, variantId, v->status, status));
}

QStringList DescriptionsDocument::missingFields(const QString& className) const {
  QStringList missing;
  const data::ClassDescriptions* c = find(className);
  const auto usable = c ? c->usable_variants() : std::vector<const data::DescriptionVariant*>{};
  for (const std::string& f : store_->fields) {
    bool present = false;
    for (const data::DescriptionVariant* v : usable) {
      const std::string* t = v->field(f);
      if (t && !t->empty()) present = true;
    }
    if (!present) missing << QString::fromStdString(f);
  }
  return missing;
}

void DescriptionsDocument::insertVariant(const QString& className, const data::DescriptionVariant& v, int) {
  const data::ClassDescriptions* c = find(className);
  store_->find_or_add(className.toStdString(), c ? c->display_name : std::string());
  data::ClassDescriptions* m = findMutable(className);
  m->variants.push_back(v);  // add_variant would re-id a taken id; ids here are fresh by construction
  save();
  emit classChanged(className);
}

void DescriptionsDocument::removeVariant(const QString& className, const QString& variantId) {
  data::ClassDescriptions* c = findMutable(className);
  if (!c) return;
  auto& vs = c->variants;
  vs.erase(std::remove_if(vs.begin(), vs.end(),
                          [&](const data::DescriptionVariant& v) { return v.id == variantId.toStdString(); }),
           vs.end());
  save();
  emit classChanged(className);
}

void DescriptionsDocument::applyStatus(const QString& className, const QString& variantId, data::ReviewStatus status) {
  data::ClassDescriptions* c = findMutable(className);
  if (!c) return;
  for (data::DescriptionVariant& v : c->variants)
    if (v.id == variantId.toStdString()) v.status = status;
  save();
  emit classChanged(className);
}

void DescriptionsDocument::save() {
  if (path_.isEmpty()) return;
  try {
    store_->save(path_.toStdString());
  } catch (const std::exception& e) {
    emit saveFailed(tr("Descriptions not saved: %1").arg(QString::fromUtf8(e.what())));
  }
}

}  // namespace plumage::ui
