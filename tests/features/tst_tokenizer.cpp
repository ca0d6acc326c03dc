// The CLIP tokenizer against the reference: OpenAI's golden file (every
// line), extra odd-Unicode cases produced with the reference simple_tokenizer
// (tokenizer_extra_golden.jsonl), the Hugging Face file format, the text
// normalization steps, context handling and bad input.
#include "core/data/tokenizer/tokenizer.h"
#include "core/data/tokenizer/tokenizer_text.h"
#include "feature_test_util.h"

#include <nlohmann/json.hpp>

#include <zlib.h>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <thread>

using plumage::data::ClipTokenizer;
using plumage::data::Overflow;
using plumage::data::TokenizerError;
namespace tt = plumage::data::tokenizer_text;

namespace {

std::vector<nlohmann::json> read_jsonl(const QString& path) {
  std::vector<nlohmann::json> rows;
  std::ifstream in(path.toStdString());
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) rows.push_back(nlohmann::json::parse(line));
  return rows;
}

std::string norm(const std::string& s) { return tt::normalize(s).text; }

std::vector<int32_t> ids_of(const nlohmann::json& j) { return j.get<std::vector<int32_t>>(); }

void write_text(const QString& path, const std::string& text) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(text.data(), static_cast<qint64>(text.size()));
}

}  // namespace

class TstTokenizer : public QObject {
  Q_OBJECT

  std::unique_ptr<ClipTokenizer> tok_;
  QString vocab_path_;

  const ClipTokenizer* tokenizer() {
    if (!tok_) {
      vocab_path_ = plumage::test::shared_data("clip/bpe_simple_vocab_16e6.txt.gz");
      if (vocab_path_.isEmpty()) return nullptr;
      tok_ = std::make_unique<ClipTokenizer>(ClipTokenizer::load(vocab_path_.toStdString()));
    }
    return tok_.get();
  }

 private slots:
  void vocabularyShape() {
    const ClipTokenizer* tok = tokenizer();
    if (!tok) QSKIP("shared data missing: clip/bpe_simple_vocab_16e6.txt.gz");
    QCOMPARE(tok->vocab_size(), size_t(49408));
    QCOMPARE(tok->merge_count(), size_t(48894));
    QCOMPARE(tok->sot(), 49406);
    QCOMPARE(tok->eot(), 49407);
    QCOMPARE(tok->token_string(0), std::string("!"));
    QCOMPARE(tok->token_string(256), std::string("!</w>"));
    QCOMPARE(plumage::data::clip_byte_to_unicode(' '), 0x120u);  // 'Ġ'
  }

  void goldenFileEveryLine() {
    const ClipTokenizer* tok = tokenizer();
    PLUMAGE_REQUIRE_SHARED(golden, "clip/tokenizer_golden.jsonl");
    if (!tok) QSKIP("shared vocabulary missing");
    const auto rows = read_jsonl(golden);
    QVERIFY(rows.size() >= 20);
    for (const auto& row : rows) {
      const std::string text = row.at("text");
      const std::vector<int32_t> ids = tok->ids(text);
      QVERIFY2(ids == ids_of(row.at("ids")), text.c_str());
      QVERIFY2(tok->context_ids(text, 77, Overflow::Truncate) == ids_of(row.at("ids_77_truncated")), text.c_str());
      const std::vector<int32_t> body(ids.begin() + 1, ids.end() - 1);
      QCOMPARE(tok->decode(body), row.at("decoded").get<std::string>());
      QCOMPARE(tok->count(text).tokens, ids.size());
    }
  }

  void extraGoldenUnicode() {
    const ClipTokenizer* tok = tokenizer();
    if (!tok) QSKIP("shared vocabulary missing");
    const auto rows = read_jsonl(QStringLiteral(PLUMAGE_TOKENIZER_EXTRA_GOLDEN));
    QVERIFY(rows.size() >= 50);
    for (const auto& row : rows) {
      const std::string text = row.at("text");
      QVERIFY2(tok->encode(text) == ids_of(row.at("bpe_ids")), text.c_str());
    }
  }

  void huggingFaceFilesGiveSameIds() {
    const ClipTokenizer* tok = tokenizer();
    PLUMAGE_REQUIRE_SHARED(golden, "clip/tokenizer_golden.jsonl");
    if (!tok) QSKIP("shared vocabulary missing");
    // vocab.json and merges.txt as Hugging Face ships them for CLIP: the
    // vocabulary as {token: id}, the merges as lines 2..48895 of the gz file.
    nlohmann::json vocab = nlohmann::json::object();
    for (size_t i = 0; i < tok->vocab_size(); ++i) vocab[tok->token_string(static_cast<int32_t>(i))] = i;
    gzFile gz = gzopen(vocab_path_.toLocal8Bit().constData(), "rb");
    QVERIFY(gz);
    std::string all;
    char buf[1 << 16];
    int n = 0;
    while ((n = gzread(gz, buf, sizeof(buf))) > 0) all.append(buf, static_cast<size_t>(n));
    gzclose(gz);
    std::string merges = "#version: 0.2\n";
    size_t pos = all.find('\n') + 1;
    for (size_t line = 0; line < 48894; ++line) {
      const size_t nl = all.find('\n', pos);
      merges += all.substr(pos, nl - pos + 1);
      pos = nl + 1;
    }
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    write_text(dir.filePath("vocab.json"), vocab.dump());
    write_text(dir.filePath("merges.txt"), merges);
    const ClipTokenizer hf = ClipTokenizer::load(dir.path().toStdString());
    QCOMPARE(hf.vocab_size(), size_t(49408));
    QCOMPARE(hf.merge_count(), size_t(48894));
    QCOMPARE(hf.eot(), 49407);
    for (const auto& row : read_jsonl(golden)) {
      const std::string text = row.at("text");
      QVERIFY2(hf.ids(text) == ids_of(row.at("ids")), text.c_str());
    }
    for (const auto& row : read_jsonl(QStringLiteral(PLUMAGE_TOKENIZER_EXTRA_GOLDEN)))
      QVERIFY(hf.encode(row.at("text")) == ids_of(row.at("bpe_ids")));

    // A merge whose halves are not in the vocabulary is reported by line.
    write_text(dir.filePath("merges.txt"), "#version: 0.2\nq u\nzzzqqq xyzzy\n");
    try {
      ClipTokenizer::from_hf(dir.filePath("vocab.json").toStdString(), dir.filePath("merges.txt").toStdString());
      QFAIL("expected TokenizerError");
    } catch (const TokenizerError& e) {
      QVERIFY2(std::string(e.what()).find("merges.txt:3") != std::string::npos, e.what());
    }
  }

  void normalizationMatchesPython() {
    QCOMPARE(norm("CAFÉ Crème"), std::string("café crème"));
    QCOMPARE(norm("ΑΒΓ"), std::string("αβγ"));
    QCOMPARE(norm("ΟΔΟΣ ΟΔΟΣ."), std::string("οδος οδος."));  // final sigma at word ends
    QCOMPARE(norm("ΣΑ"), std::string("σα"));
    QCOMPARE(norm("ПРИВЕТ"), std::string("привет"));
    QCOMPARE(norm("鳥の写真。"), std::string("鳥の写真。"));
    QCOMPARE(norm("İ"), std::string("i\xCC\x87"));
    QCOMPARE(norm("ẞ"), std::string("ß"));
    QCOMPARE(norm("  a \t\n b\xC2\xA0" "c\xE3\x80\x80 "), std::string("a b c"));
    QCOMPARE(norm("&amp;lt;b&amp;gt;"), std::string("<b>"));  // unescaped twice
    QCOMPARE(norm("&amp;amp;amp;"), std::string("&amp;"));
    QCOMPARE(norm("&notit; &notin; &copy2023"), std::string("¬it; ∉ ©2023"));
    QCOMPARE(norm("&#65;&#x42;&#X43 &#128; &#0;"), std::string("abc € \xEF\xBF\xBD"));
    QCOMPARE(norm("&#1;x &#99999999999999999999; &#; &bogus;"), std::string("x \xEF\xBF\xBD &#; &bogus;"));
    QCOMPARE(norm("caf\xC3"), std::string("caf\xEF\xBF\xBD"));  // invalid UTF-8 -> U+FFFD
  }

  void originsPointIntoTheInput() {
    const tt::TrackedText t = tt::normalize("  &amp;X  Y");
    QCOMPARE(t.text, std::string("&x y"));
    QCOMPARE(t.origin, (std::vector<uint32_t>{2, 7, 8, 10}));
  }

  void contextErrorTruncateAndCount() {
    const ClipTokenizer* tok = tokenizer();
    if (!tok) QSKIP("shared vocabulary missing");
    std::string text;
    for (int i = 0; i < 100; ++i) text += "bird ";
    QVERIFY_EXCEPTION_THROWN(tok->context_ids(text, 77, Overflow::Error), TokenizerError);
    const std::vector<int32_t> cut = tok->context_ids(text, 77, Overflow::Truncate);
    QCOMPARE(cut.size(), size_t(77));
    QCOMPARE(cut.front(), 49406);
    QCOMPARE(cut.back(), 49407);
    const auto c = tok->count(text);
    QCOMPARE(c.tokens, size_t(102));
    QVERIFY(!c.fits);
    QCOMPARE(c.truncated_at, size_t(75 * 5));  // the 76th "bird" is the first one dropped
    const auto short_count = tok->count("a bird");
    QVERIFY(short_count.fits);
    QCOMPARE(short_count.tokens, size_t(4));
    QCOMPARE(short_count.truncated_at, std::string::npos);
    const std::vector<int32_t> padded = tok->context_ids("a bird", 77, Overflow::Error);
    QCOMPARE(padded.size(), size_t(77));
    QCOMPARE(padded[4], 0);
    // Spans of a word split into several BPE pieces cover its bytes in order.
    const auto spans = tok->encode_spans("  Albatrosses!");
    QVERIFY(spans.size() >= 2);
    QCOMPARE(spans.front().begin, size_t(2));
    QCOMPARE(spans.back().end, size_t(14));
    for (size_t i = 1; i < spans.size(); ++i) QCOMPARE(spans[i].begin, spans[i - 1].end);
  }

  // A hostile text: one multi-MB "word". context_ids tokenizes only what 77
  // tokens can use (it used to BPE the whole word, quadratic in its length).
  void hugeWordCostsNoMoreThanTheContext() {
    const ClipTokenizer* tok = tokenizer();
    if (!tok) QSKIP("shared vocabulary missing");
    const std::string huge = "a " + std::string(4'000'000, 'x') + " bird";
    QElapsedTimer timer;
    timer.start();
    bool truncated = false;
    const std::vector<int32_t> cut = tok->context_ids(huge, 77, Overflow::Truncate, &truncated);
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed()) + " ms"));
    QVERIFY(truncated);
    QCOMPARE(cut.size(), size_t(77));
    QCOMPARE(cut.front(), 49406);
    QCOMPARE(cut.back(), 49407);
    for (int32_t id : cut) QVERIFY(id != 0);
    try {
      tok->context_ids(huge, 77, Overflow::Error);
      QFAIL("expected TokenizerError");
    } catch (const TokenizerError& e) {
      QVERIFY2(std::string(e.what()).find("text is longer than the context of 77 tokens: \"a xxx") == 0,
               e.what());
    }
    // Where the whole word can still be tokenized, the bounded path gives
    // the reference's ids: a long word cut to a prefix, a text of many
    // words, and one that fits exactly.
    std::string word = "the ";
    for (int i = 0; i < 500; ++i) word += (i % 3 ? "albatross" : "Wingbar");
    std::string words;
    for (int i = 0; i < 200; ++i) words += "wing" + std::to_string(i) + " ";
    for (const std::string& text : {word, words, std::string("a bird"), std::string()}) {
      std::vector<int32_t> ref = tok->ids(text);
      const bool longer = ref.size() > 77;
      if (longer) {
        ref.resize(77);
        ref.back() = tok->eot();
      }
      ref.resize(77, 0);
      bool t = !longer;
      QVERIFY(tok->context_ids(text, 77, Overflow::Truncate, &t) == ref);
      QCOMPARE(t, longer);
    }
  }

  // count() is bounded like context_ids (it BPE'd a whole multi-MB word,
  // quadratic in its length), and encode()/ids() merge each word through a
  // heap: a 1 MB word of varied letters (many merge passes for the
  // reference's rescans) takes well under seconds, ids decode back.
  void wholeTextEntryPointsAreBounded() {
    const ClipTokenizer* tok = tokenizer();
    if (!tok) QSKIP("shared vocabulary missing");
    std::string word;
    uint32_t x = 12345;
    for (int i = 0; i < (1 << 20); ++i) {
      x = x * 1103515245u + 12345u;
      word += static_cast<char>('a' + (x >> 16) % 26);
    }
    QElapsedTimer timer;
    timer.start();
    const plumage::data::TokenCount c = tok->count("a " + word);
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed()) + " ms"));
    QVERIFY(!c.fits);
    QVERIFY(!c.exact);
    QCOMPARE(c.tokens, size_t(ClipTokenizer::kCountReach * 77 + 1 + 2));
    QVERIFY(c.truncated_at > 2 && c.truncated_at < 2000);  // where the 76th token starts
    QVERIFY(tok->count("a bird").exact);
    timer.restart();
    const std::vector<int32_t> ids = tok->encode(word);
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed()) + " ms"));
    QVERIFY(ids.size() > 100'000);
    QCOMPARE(tok->decode(ids), word + " ");
    QCOMPARE(tok->ids(word).size(), ids.size() + 2);
  }

  // A gzip bomb in place of the vocabulary: refused once the output passes
  // the cap, before it is all in memory.
  void vocabularyGzipBombIsRefused() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    z_stream zs{};
    QCOMPARE(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    const std::string zeros(1 << 20, '0');
    std::string gz;
    char buf[1 << 16];
    for (int mb = 0; mb < 80; ++mb) {
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
      zs.avail_in = static_cast<uInt>(zeros.size());
      const int flush = mb == 79 ? Z_FINISH : Z_NO_FLUSH;
      do {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        deflate(&zs, flush);
        gz.append(buf, sizeof buf - zs.avail_out);
      } while (zs.avail_out == 0);
    }
    deflateEnd(&zs);
    QVERIFY(gz.size() < (1 << 20));  // 80 MiB in well under 1 MiB
    const QString path = dir.filePath("bomb.txt.gz");
    write_text(path, gz);
    try {
      ClipTokenizer::from_openai_merges(path.toStdString());
      QFAIL("expected TokenizerError");
    } catch (const TokenizerError& e) {
      QVERIFY2(std::string(e.what()) ==
                   path.toStdString() +
                       ": decompresses to more than 64 MiB; a CLIP vocabulary is about 1.3 MB "
                       "(not a vocabulary, or a decompression bomb)",
               e.what());
    }
  }

  void badFilesGiveClearErrors() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY_EXCEPTION_THROWN(ClipTokenizer::load(dir.filePath("missing.txt.gz").toStdString()), TokenizerError);
    write_text(dir.filePath("short.txt"), "#version\na b\n");
    try {
      ClipTokenizer::from_openai_merges(dir.filePath("short.txt").toStdString());
      QFAIL("expected TokenizerError");
    } catch (const TokenizerError& e) {
      QVERIFY2(std::string(e.what()).find("short.txt") != std::string::npos, e.what());
    }
    write_text(dir.filePath("bad.gz"), std::string("\x1f\x8b\x08\x00garbage", 12));
    QVERIFY_EXCEPTION_THROWN(ClipTokenizer::from_openai_merges(dir.filePath("bad.gz").toStdString()), TokenizerError);
    write_text(dir.filePath("vocab.json"), "[1, 2]");
    write_text(dir.filePath("merges.txt"), "#version: 0.2\n");
    QVERIFY_EXCEPTION_THROWN(ClipTokenizer::load(dir.path().toStdString()), TokenizerError);
  }

  void sharedBetweenThreads() {
    const ClipTokenizer* tok = tokenizer();
    if (!tok) QSKIP("shared vocabulary missing");
    const std::string text = "The Black-footed Albatross soars; Café naïve 鳥の写真 &amp; 85.07%";
    const std::vector<int32_t> expected = tok->ids(text);
    std::vector<int> ok(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < 200; ++i) ok[t] += tok->ids(text + std::to_string(i % 7)).size() == expected.size() + 1;
      });
    for (auto& th : threads) th.join();
    for (int v : ok) QCOMPARE(v, 200);
  }
};

QTEST_GUILESS_MAIN(TstTokenizer)
#include "tst_tokenizer.moc"
