// The image-ratio part of the setup page: a global ratio slider and spin box,
// the per-class table (ratio_table_model.h) with "Set to…" over the selected
// classes and "Reset", a class filter, and a line with the resulting totals.
#pragma once

#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSlider;
class QSortFilterProxyModel;
class QTableView;

namespace plumage::ui {

class RatioTableModel;

class RatioEditor : public QWidget {
  Q_OBJECT
 public:
  explicit RatioEditor(RatioTableModel* model, QWidget* parent = nullptr);

  QTableView* table() const { return table_; }
  // Model rows of the selected classes.
  QVector<int> selectedRows() const;
  // Sets the selected classes' ratio (asks for the value when `ratio` < 0).
  void setSelectedTo(double ratio = -1);
  void resetSelected();

 private:
  void syncFromModel();

  RatioTableModel* model_;
  QSortFilterProxyModel* proxy_;
  QSlider* slider_;
  QDoubleSpinBox* spin_;
  QLineEdit* filter_;
  QTableView* table_;
  QPushButton* setTo_;
  QPushButton* reset_;
  QPushButton* resetAll_;
  QLabel* summary_;
  bool syncing_ = false;
};

}  // namespace plumage::ui
