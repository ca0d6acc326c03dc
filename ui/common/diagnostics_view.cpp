#include "ui/common/diagnostics_view.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QPushButton>
#include <QVBoxLayout>

namespace plumage::ui {

DiagnosticsView::DiagnosticsView(QWidget* parent) : QTreeWidget(parent) {
  setColumnCount(3);
  setHeaderLabels({tr("File"), tr("Line"), tr("Problem")});
  setRootIsDecorated(false);
  setAlternatingRowColors(true);
  setSortingEnabled(true);
  setWordWrap(true);
  setUniformRowHeights(false);
  header()->setStretchLastSection(true);
  header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
}

void DiagnosticsView::setDiagnostics(const std::vector<data::Diagnostic>& list, const QStringList& notes) {
  setSortingEnabled(false);
  clear();
  for (const QString& n : notes) {
    auto* item = new QTreeWidgetItem(this);
    item->setText(0, tr("(note)"));
    item->setText(2, n);
    item->setToolTip(2, n);
  }
  for (const data::Diagnostic& d : list) {
    auto* item = new QTreeWidgetItem(this);
    const QString file = QString::fromStdString(d.file);
    item->setText(0, QFileInfo(file).fileName());
    item->setToolTip(0, QDir::toNativeSeparators(file));
    if (d.line > 0) item->setData(1, Qt::DisplayRole, qulonglong(d.line));
    item->setText(2, QString::fromStdString(d.message));
    item->setToolTip(2, QString::fromStdString(d.to_string()));
  }
  setSortingEnabled(true);
  sortByColumn(-1, Qt::AscendingOrder);  // keep reading order until the user sorts
}

QString DiagnosticsView::plainText() const {
  QStringList lines;
  for (int i = 0; i < topLevelItemCount(); ++i) {
    const QTreeWidgetItem* it = topLevelItem(i);
    lines << it->toolTip(2);
  }
  return lines.join(QLatin1Char('\n'));
}

DiagnosticsDialog::DiagnosticsDialog(const QString& title, const std::vector<data::Diagnostic>& list,
                                     const QStringList& notes, QWidget* parent)
    : QDialog(parent) {
  setWindowTitle(title);
  auto* view = new DiagnosticsView(this);
  view->setDiagnostics(list, notes);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  QPushButton* copy = buttons->addButton(tr("&Copy All"), QDialogButtonBox::ActionRole);
  connect(copy, &QPushButton::clicked, this, [view] { QApplication::clipboard()->setText(view->plainText()); });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(view);
  layout->addWidget(buttons);
  resize(900, 480);
}

}  // namespace plumage::ui
