// Every model of the browser and the description inspector under
// QAbstractItemModelTester, plus the text markup and token counting.
#include "ui/descriptions/caption_list_model.h"
#include "ui/browser/class_list_model.h"
#include "ui/descriptions/descriptions_document.h"
#include "ui/common/html_delegate.h"
#include "ui/browser/image_grid_model.h"
#include "ui/shell/loaded_dataset.h"
#include "ui/common/text_markup.h"
#include "ui/browser/thumbnail_cache.h"
#include "ui/common/token_counter.h"
#include "ui_fixtures.h"
#include "ui/descriptions/variant_comparison_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace plumage::ui;
using Tester = QAbstractItemModelTester;

class TestModels : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  std::shared_ptr<LoadedDataset> ds_;
  std::unique_ptr<QUndoStack> undo_;
  std::unique_ptr<DescriptionsDocument> doc_;

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    const plumage::test::TinyCub cub = plumage::test::writeTinyCub(tmp_.path(), 3, 4);
    DatasetEntry e{"tiny", cub.root, cub.captionsDir, cub.descriptions, "auto"};
    ds_ = loadDataset(e, LoadOptions{}, nullptr);
    QVERIFY(ds_);
    undo_ = std::make_unique<QUndoStack>();
    doc_ = std::make_unique<DescriptionsDocument>(ds_->descriptions, QString(), undo_.get());
  }

  void classListModel() {
    ClassListModel model;
    Tester t(&model, Tester::FailureReportingMode::QtTest);
    model.setDataset(ds_, doc_.get());
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, ClassListModel::Train).data().toInt(), 2);
    QCOMPARE(model.index(0, ClassListModel::Test).data().toInt(), 2);
    QCOMPARE(model.index(0, ClassListModel::Captions).data().toString(), QString("4/4"));
    QVERIFY(model.index(0, ClassListModel::Description).data().toString().contains("lacks"));
    QCOMPARE(model.index(0, 0).data(ClassListModel::MissingFieldsRole).toStringList(), QStringList({"Eyes"}));
    QVERIFY(model.index(1, 0).data(ClassListModel::MissingFieldsRole).toStringList().isEmpty());
    QVERIFY(!model.index(2, 0).data(ClassListModel::HasDescriptionRole).toBool());
    // An edit adding the missing field updates the row.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    doc_->addEditedVariant("001.Test_Bird_A", "v1", {{"Eyes", "Black."}}, {});
    QVERIFY(changed.count() >= 1);
    QVERIFY(model.index(0, 0).data(ClassListModel::MissingFieldsRole).toStringList().isEmpty());
    undo_->undo();
    model.setDataset(nullptr, nullptr);
    QCOMPARE(model.rowCount(), 0);
  }

  void classFilterProxy() {
    ClassListModel model;
    model.setDataset(ds_, doc_.get());
    ClassFilterProxy proxy;
    proxy.setSourceModel(&model);
    Tester t(&proxy, Tester::FailureReportingMode::QtTest);
    proxy.setSearchText("bird_b");  // matches the class key
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setSearchText("");
    proxy.setDescriptionFilter(ClassFilterProxy::DescriptionFilter::NotDescribed);
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setDescriptionFilter(ClassFilterProxy::DescriptionFilter::MissingFields);
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, 0).data(ClassListModel::LabelRole).toInt(), 0);
    proxy.setDescriptionFilter(ClassFilterProxy::DescriptionFilter::Any);
    proxy.sort(ClassListModel::Test, Qt::DescendingOrder);
    QCOMPARE(proxy.rowCount(), 3);
  }

  void imageGridModel() {
    ThumbnailCache cache(QString(), 64);
    ImageGridModel model(&cache);
    Tester t(&model, Tester::FailureReportingMode::QtTest);
    model.setDataset(ds_);
    QCOMPARE(model.rowCount(), 12);
    model.setClasses({1});
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.imageIndex(0), 4);
    model.setSplit(ImageGridModel::Split::Train);
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(model.index(0).data(ImageGridModel::IsTrainRole).toBool());
    QCOMPARE(model.index(0).data(ImageGridModel::BoundingBoxRole).toRectF(), QRectF(30, 20, 80, 60));
    QCOMPARE(model.rowOfImage(4), 0);
    QCOMPARE(model.rowOfImage(0), -1);
    // Asking for the decoration schedules the decode; dataChanged follows for that row.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(qvariant_cast<QPixmap>(model.index(0).data(Qt::DecorationRole)).isNull());
    QTRY_VERIFY_WITH_TIMEOUT(changed.count() >= 1, 5000);
    QVERIFY(!qvariant_cast<QPixmap>(model.index(0).data(Qt::DecorationRole)).isNull());
    QCOMPARE(model.index(0).data(ImageGridModel::OriginalSizeRole).toSize(), QSize(160, 120));
    model.setSplit(ImageGridModel::Split::All);
    model.setClasses({});
    QCOMPARE(model.rowCount(), 12);
  }

  void captionListModel() {
    CaptionListModel model;
    Tester t(&model, Tester::FailureReportingMode::QtTest);
    TokenCounter none;
    QStringList caps;
    for (const std::string& c : ds_->captions[0]) caps << QString::fromStdString(c);
    model.setCaptions(caps, &none);
    QCOMPARE(model.rowCount(), 10);
    const QString html = model.index(0).data(MarkupRole).toString();
    QVERIFY2(html.contains(colorWordStyle()), qPrintable(html));  // "red", "yellow"
    QVERIFY2(html.contains(bodyPartStyle()), qPrintable(html));   // "crown", "beak"
    QVERIFY(html.contains("? tokens"));  // no tokenizer: said, not guessed
    QVERIFY(!model.index(0).data(CaptionListModel::TokensRole).isValid());
    model.setMarkupOptions(false, false);
    QVERIFY(!model.index(0).data(MarkupRole).toString().contains(colorWordStyle()));
    model.setCaptions({}, &none);
    QCOMPARE(model.rowCount(), 0);
  }

  void variantComparisonModel() {
    VariantComparisonModel model;
    Tester t(&model, Tester::FailureReportingMode::QtTest);
    TokenCounter none;
    model.setClass(doc_.get(), "001.Test_Bird_A", &none);
    QCOMPARE(model.columnCount(), 2);
    QCOMPARE(model.variantId(0), QString("v1"));
    QCOMPARE(model.variantId(1), QString("menon"));
    QCOMPARE(model.rowNames(), QStringList({"Size", "Coloration", "Beak", "Eyes", "Descriptors / sentences", "Whole text"}));
    // v1 lacks the declared "Eyes" field: marked. The descriptor list has no fields at all: not marked.
    QVERIFY(model.index(3, 0).data(VariantComparisonModel::MissingRole).toBool());
    QVERIFY(!model.index(3, 1).data(VariantComparisonModel::MissingRole).toBool());
    QCOMPARE(model.index(4, 1).data().toString(), QString("a small bird\nred crown\nshort conical beak"));
    QVERIFY(model.headerData(0, Qt::Horizontal).toString().startsWith("v1"));
    // Review marks show in the header and reset the model (the tester checks the signals).
    doc_->setStatus("001.Test_Bird_A", "v1", plumage::data::ReviewStatus::Approved);
    QVERIFY(model.headerData(0, Qt::Horizontal).toString().contains(QStringLiteral("✓")));
    undo_->undo();
    model.setClass(doc_.get(), "003.Test_Bird_C", &none);
    QCOMPARE(model.columnCount(), 0);
    QCOMPARE(model.rowCount(), 0);
  }

  // The lint's flags land in the cell they concern, and leave with an undo.
  void variantComparisonShowsLintFlags() {
    VariantComparisonModel model;
    Tester t(&model, Tester::FailureReportingMode::QtTest);
    TokenCounter none;
    model.setClass(doc_.get(), "001.Test_Bird_A", &none);
    QVERIFY2(model.lintSummary().isEmpty(), qPrintable(model.lintSummary().join('\n')));
    const QString id = doc_->addEditedVariant("001.Test_Bird_A", "v1",
                                              {{"Size", "A wingspan of 2.1 m."}, {"Coloration", "Brown."}, {"Beak", "Grey."}},
                                              {});
    const int c = model.columnCount() - 1;
    QCOMPARE(model.variantId(c), id);
    const QStringList size = model.index(0, c).data(VariantComparisonModel::LintRole).toStringList();
    QVERIFY2(size.size() == 1 && size[0].contains("\"2.1 m\" (a length)"), qPrintable(size.join('|')));
    QVERIFY(model.index(0, c).data(MarkupRole).toString().contains(QStringLiteral("⚑")));
    QVERIFY(model.index(0, c).data(Qt::ToolTipRole).toString().contains("Flagged"));
    QVERIFY(model.index(1, c).data(VariantComparisonModel::LintRole).toStringList().isEmpty());
    QCOMPARE(model.lintSummary().size(), 1);
    undo_->undo();
    QVERIFY(model.lintSummary().isEmpty());
  }

  void markupHighlightsAndGreysOut() {
    MarkupOptions o;
    QString html = markupHtml("A reddish bird with black wings & <tags>", o);
    QVERIFY(html.contains(QStringLiteral("<span style=\"%1\">reddish</span>").arg(colorWordStyle())));
    QVERIFY(html.contains(QStringLiteral("<span style=\"%1\">black</span>").arg(colorWordStyle())));
    QVERIFY(html.contains(QStringLiteral("<span style=\"%1\">wings</span>").arg(bodyPartStyle())));
    QVERIFY(html.contains("&amp; &lt;tags&gt;"));
    QVERIFY(!html.contains(truncatedStyle()));
    o.truncatedAt = 13;  // "A reddish bir|d with ..."
    html = markupHtml("A reddish bird with black wings", o);
    QVERIFY(html.contains(QStringLiteral("<span style=\"%1\">d with black wings</span>").arg(truncatedStyle())));
    QVERIFY(!html.contains(QStringLiteral("<span style=\"%1\">black").arg(colorWordStyle())));  // no highlight past the cut
    QCOMPARE(classifyWord("Crown", WordLists::builtIn()), WordKind::BodyPart);
    QCOMPARE(classifyWord("grayish", WordLists::builtIn()), WordKind::Color);
    QCOMPARE(classifyWord("bird", WordLists::builtIn()), WordKind::None);
    QCOMPARE(WordLists::parse("# comment\n Red \n\nblue # trailing\n"), QSet<QString>({"red", "blue"}));
  }

  void tokenCountsAgainstClipContext() {
    const QString vocab = plumage::test::sharedData("clip/bpe_simple_vocab_16e6.txt.gz");
    if (vocab.isEmpty()) QSKIP("shared data missing: clip/bpe_simple_vocab_16e6.txt.gz");
    TokenCounter counter;
    QString error;
    QVERIFY2(counter.loadFile(vocab, &error), qPrintable(error));
    const TextTokens shortText = counter.count("a photo of a bird");
    QVERIFY(shortText.known);
    QCOMPARE(shortText.tokens, 7);  // SOT a photo of a bird EOT
    QCOMPARE(shortText.truncatedAt, -1);
    QString longText;
    for (int i = 0; i < 30; ++i) longText += QStringLiteral("red wing %1 ").arg(i);
    const TextTokens t = counter.count(longText);
    QVERIFY(t.tokens > 77);
    QVERIFY(t.truncatedAt > 0 && t.truncatedAt < longText.size());
    // Exactly the first 75 BPE tokens fit (SOT and EOT take the other two).
    QCOMPARE(counter.count(longText.left(t.truncatedAt)).tokens, 77);
    // Non-ASCII text: offsets are in characters, not bytes.
    const TextTokens jp = counter.count(QString(200, QChar(0x9CE5)));  // 鳥 × 200
    QVERIFY(jp.tokens > 77);
    QVERIFY(jp.truncatedAt > 0 && jp.truncatedAt < 200);
  }
};

QTEST_MAIN(TestModels)
#include "tst_ui_models.moc"
