#include "ui/setup/ratio_editor.h"

#include "ui/setup/ratio_table_model.h"

#include <QAction>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

namespace plumage::ui {

namespace {

// Edits a ratio (0..1 in the model) as a percentage.
class PercentDelegate : public QStyledItemDelegate {
 public:
  using QStyledItemDelegate::QStyledItemDelegate;
  QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex&) const override {
    auto* spin = new QDoubleSpinBox(parent);
    spin->setRange(0.0, 100.0);
    spin->setDecimals(1);
    spin->setSingleStep(5.0);
    spin->setSuffix(QStringLiteral(" %"));
    spin->setFrame(false);
    return spin;
  }
  void setEditorData(QWidget* editor, const QModelIndex& index) const override {
    static_cast<QDoubleSpinBox*>(editor)->setValue(index.data(Qt::EditRole).toDouble() * 100.0);
  }
  void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override {
    auto* spin = static_cast<QDoubleSpinBox*>(editor);
    spin->interpretText();
    model->setData(index, spin->value() / 100.0, Qt::EditRole);
  }
};

}  // namespace

RatioEditor::RatioEditor(RatioTableModel* model, QWidget* parent)
    : QWidget(parent), model_(model), proxy_(new QSortFilterProxyModel(this)) {
  slider_ = new QSlider(Qt::Horizontal, this);
  slider_->setRange(0, 100);
  slider_->setSingleStep(1);
  slider_->setPageStep(10);
  slider_->setTickPosition(QSlider::TicksBelow);
  slider_->setTickInterval(10);
  slider_->setAccessibleName(tr("Global image ratio"));
  spin_ = new QDoubleSpinBox(this);
  spin_->setRange(0.0, 100.0);
  spin_->setDecimals(1);
  spin_->setSuffix(QStringLiteral(" %"));
  spin_->setSingleStep(5.0);
  spin_->setToolTip(tr("Fraction of each class's training images kept as images; the rest become text samples"));
  auto* globalRow = new QHBoxLayout;
  auto* globalLabel = new QLabel(tr("&Image ratio (all classes):"), this);
  globalLabel->setBuddy(slider_);
  globalRow->addWidget(globalLabel);
  globalRow->addWidget(slider_, 1);
  globalRow->addWidget(spin_);

  filter_ = new QLineEdit(this);
  filter_->setPlaceholderText(tr("Filter classes…"));
  filter_->setClearButtonEnabled(true);
  setTo_ = new QPushButton(tr("&Set to…"), this);
  setTo_->setToolTip(tr("Set the image ratio of the selected classes"));
  reset_ = new QPushButton(tr("&Reset"), this);
  reset_->setToolTip(tr("The selected classes follow the global ratio again"));
  resetAll_ = new QPushButton(tr("Reset &all"), this);
  auto* tools = new QHBoxLayout;
  tools->addWidget(filter_, 1);
  tools->addWidget(setTo_);
  tools->addWidget(reset_);
  tools->addWidget(resetAll_);

  proxy_->setSourceModel(model_);
  proxy_->setFilterKeyColumn(RatioTableModel::ColClass);
  proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
  proxy_->setSortRole(Qt::EditRole);
  table_ = new QTableView(this);
  table_->setObjectName(QStringLiteral("ratioTable"));
  table_->setModel(proxy_);
  table_->setItemDelegateForColumn(RatioTableModel::ColRatio, new PercentDelegate(table_));
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                          QAbstractItemView::AnyKeyPressed);
  table_->setSortingEnabled(true);
  table_->sortByColumn(RatioTableModel::ColClass, Qt::AscendingOrder);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
  table_->horizontalHeader()->setSectionResizeMode(RatioTableModel::ColClass, QHeaderView::Stretch);
  for (int c = RatioTableModel::ColTrain; c < RatioTableModel::ColumnCount; ++c)
    table_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
  table_->setAlternatingRowColors(true);
  // "001.Black_footed_…" hides the part that tells classes apart; the middle goes first.
  table_->setTextElideMode(Qt::ElideMiddle);

  summary_ = new QLabel(this);
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(globalRow);
  layout->addLayout(tools);
  layout->addWidget(table_, 1);
  layout->addWidget(summary_);

  // Keyboard: Delete resets the selected classes.
  auto* resetAction = new QAction(tr("Reset selected classes"), table_);
  resetAction->setShortcut(QKeySequence::Delete);
  resetAction->setShortcutContext(Qt::WidgetShortcut);
  table_->addAction(resetAction);
  connect(resetAction, &QAction::triggered, this, &RatioEditor::resetSelected);

  connect(slider_, &QSlider::valueChanged, this, [this](int v) {
    if (!syncing_) model_->setGlobalRatio(v / 100.0);
  });
  connect(spin_, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this](double v) {
    if (!syncing_) model_->setGlobalRatio(std::round(v * 10.0) / 1000.0);
  });
  connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
  connect(setTo_, &QPushButton::clicked, this, [this] { setSelectedTo(); });
  connect(reset_, &QPushButton::clicked, this, &RatioEditor::resetSelected);
  connect(resetAll_, &QPushButton::clicked, model_, &RatioTableModel::resetAll);
  connect(model_, &RatioTableModel::planChanged, this, &RatioEditor::syncFromModel);
  connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RatioEditor::syncFromModel);
  syncFromModel();
}

QVector<int> RatioEditor::selectedRows() const {
  QVector<int> rows;
  for (const QModelIndex& i : table_->selectionModel()->selectedRows()) rows.push_back(proxy_->mapToSource(i).row());
  std::sort(rows.begin(), rows.end());
  return rows;
}

void RatioEditor::setSelectedTo(double ratio) {
  const QVector<int> rows = selectedRows();
  if (rows.isEmpty() || !model_->perClassEditable()) return;
  if (ratio < 0) {
    bool ok = false;
    const double percent = QInputDialog::getDouble(this, tr("Set Image Ratio"),
                                                   tr("Image ratio for %n selected class(es) (%):", nullptr, rows.size()),
                                                   model_->ratio(rows.first()) * 100.0, 0.0, 100.0, 1, &ok);
    if (!ok) return;
    ratio = percent / 100.0;
  }
  model_->setRatios(rows, ratio);
}

void RatioEditor::resetSelected() {
  const QVector<int> rows = selectedRows();
  if (!rows.isEmpty()) model_->resetRatios(rows);
}

void RatioEditor::syncFromModel() {
  syncing_ = true;
  slider_->setValue(int(std::lround(model_->globalRatio() * 100.0)));
  spin_->setValue(model_->globalRatio() * 100.0);
  syncing_ = false;
  const bool editable = model_->perClassEditable() && model_->hasInputs();
  const bool anySelected = table_->selectionModel()->hasSelection();
  setTo_->setEnabled(editable && anySelected);
  reset_->setEnabled(editable && anySelected);
  resetAll_->setEnabled(model_->overriddenCount() > 0);
  QString text;
  if (!model_->hasInputs()) {
    text = tr("Choose an image feature file to see the classes and their sample counts.");
  } else {
    text = tr("%n classes", nullptr, model_->rowCount());
    if (model_->overriddenCount() > 0) text += tr(", %n with their own ratio", nullptr, model_->overriddenCount());
    if (!model_->perClassEditable()) text += tr(" (global random sampling: one ratio over all images)");
    text += tr(" → %1 image samples, %2 text samples per epoch").arg(model_->totalImages()).arg(model_->totalTexts());
    if (!model_->planError().isEmpty()) text += QStringLiteral("\n") + model_->planError();
  }
  summary_->setText(text);
}

}  // namespace plumage::ui
