// Safetensors reader/writer: round trips, files written by another
// implementation, malformed files that must be rejected with a message, and
// the chunked writers (same bytes as the one-shot ones).
#include "core/engine/safetensors.h"
#include "core/engine/train/feature_writer.h"
#include "lite_test.h"

#include <ATen/ATen.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace plumage;
namespace fs = std::filesystem;

namespace {

std::string write_bytes(const std::string& name, const std::string& bytes) {
  static const std::string dir = test::temp_dir();
  std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

std::string le64(uint64_t n) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[i] = static_cast<char>((n >> (8 * i)) & 0xff);
  return s;
}

// A file with header `json` followed by `data_bytes` zero bytes.
std::string file_with(const std::string& json, size_t data_bytes) {
  return le64(json.size()) + json + std::string(data_bytes, '\0');
}

void expect_rejected(const std::string& name, const std::string& bytes, const std::string& needle) {
  const std::string path = write_bytes(name, bytes);
  QVERIFY_THROWS_WITH(st::File{path}, needle);
  // The message names the file.
  QVERIFY_THROWS_WITH(st::File{path}, name);
}

}  // namespace

PLUMAGE_TEST(round_trip_all_dtypes) {
  st::NamedTensors in = {
      {"f32", at::randn({3, 4})},
      {"f64", at::randn({2}, at::kDouble)},
      {"f16", at::randn({5, 1}).to(at::kHalf)},
      {"bf16", at::randn({2, 3}).to(at::kBFloat16)},
      {"i64", at::arange(0, 7, at::kLong)},
      {"i32", at::arange(-3, 3, at::kInt)},
      {"i16", at::arange(-2, 2, at::kShort)},
      {"i8", at::arange(-4, 4, at::kChar)},
      {"u8", at::arange(0, 255, at::kByte)},
      {"bool", at::rand({9}) > 0.5},
      {"scalar", at::tensor(2.5f).reshape({})},
      {"empty", at::empty({0, 4})},
      {"noncontig", at::randn({4, 6}).t()},
  };
  const std::string path = test::temp_dir() + "/all.safetensors";
  st::save(path, in, {{"kind", "test"}, {"unicode", "日本語 Café"}});
  st::File f(path);
  QCOMPARE(f.names().size(), in.size());
  QCOMPARE(f.meta("kind"), std::string("test"));
  QCOMPARE(f.meta("unicode"), std::string("日本語 Café"));
  QCOMPARE(f.meta("absent", "x"), std::string("x"));
  for (const auto& [name, t] : in) {
    at::Tensor r = f.tensor(name);
    QCOMPARE(r.scalar_type(), t.scalar_type());
    QCOMPARE(r.sizes().vec(), t.sizes().vec());
    QVERIFY2(at::equal(r, t.contiguous()), name);
  }
  // The header is padded so that the data section starts 8-byte aligned.
  QCOMPARE(f.header().data_offset % 8, uint64_t{0});
  // No temporary file is left behind.
  int entries = 0;
  for (const auto& e : fs::directory_iterator(fs::path(path).parent_path())) entries += e.is_regular_file();
  QCOMPARE(entries, 1);
}

PLUMAGE_TEST(serialize_matches_save) {
  st::NamedTensors in = {{"a", at::arange(0, 10, at::kFloat)}, {"b", at::ones({2, 2}, at::kLong)}};
  const std::string path = test::temp_dir() + "/x.safetensors";
  st::save(path, in, {{"m", "1"}});
  std::ifstream is(path, std::ios::binary);
  std::string disk((std::istreambuf_iterator<char>(is)), std::istreambuf_iterator<char>());
  QCOMPARE(disk, st::serialize(in, {{"m", "1"}}));
}

PLUMAGE_TEST(misaligned_tensor_is_copied_correctly) {
  // A U8 tensor of 3 bytes first puts the F32 tensor at an odd offset.
  const std::string json =
      R"({"a":{"dtype":"U8","shape":[3],"data_offsets":[0,3]},"b":{"dtype":"F32","shape":[2],"data_offsets":[3,11]}})";
  std::string bytes = le64(json.size()) + json;
  bytes += std::string("\x01\x02\x03", 3);
  float vals[2] = {1.5f, -2.25f};
  bytes.append(reinterpret_cast<const char*>(vals), sizeof vals);
  st::File f(write_bytes("misaligned.safetensors", bytes));
  at::Tensor b = f.tensor("b");
  QCOMPARE(b[0].item<float>(), 1.5f);
  QCOMPARE(b[1].item<float>(), -2.25f);
  QCOMPARE(f.tensor("a")[2].item<uint8_t>(), uint8_t{3});
}

PLUMAGE_TEST(tensors_outlive_the_file_object) {
  const std::string path = test::temp_dir() + "/keep.safetensors";
  st::save(path, {{"w", at::full({1000}, 7.0f)}});
  at::Tensor t;
  {
    st::File f(path);
    t = f.tensor("w");
  }
  QCOMPARE(t.sum().item<float>(), 7000.0f);
  t.add_(1.0f);  // copy-on-write mapping: writable, and the file is untouched
  QCOMPARE(st::File(path).tensor("w").sum().item<float>(), 7000.0f);
}

PLUMAGE_TEST(writer_rejects_bad_input) {
  const std::string dir = test::temp_dir();
  QVERIFY_THROWS_WITH(st::save(dir + "/a", {{"x", at::ones({1})}, {"x", at::ones({1})}}), "duplicate tensor name 'x'");
  QVERIFY_THROWS_WITH(st::save(dir + "/b", {{"__metadata__", at::ones({1})}}), "reserved");
  QVERIFY_THROWS_WITH(st::save(dir + "/c", {{"z", at::ones({1}, at::kComplexFloat)}}), "cannot be stored");
  QVERIFY(!fs::exists(dir + "/a"));
  QVERIFY_THROWS_WITH(st::save("/nonexistent-dir/x.safetensors", {{"x", at::ones({1})}}), "cannot create");
}

PLUMAGE_TEST(missing_tensor_and_file) {
  const std::string path = test::temp_dir() + "/m.safetensors";
  st::save(path, {{"x", at::ones({1})}});
  QVERIFY_THROWS_WITH(st::File(path).tensor("y"), "no tensor named 'y'");
  QVERIFY_THROWS_WITH(st::File("/nonexistent/file.safetensors"), "cannot open");
}

PLUMAGE_TEST(reads_reference_files_from_another_implementation) {
  const std::string weights = test::shared_data("clip/reference/tiny-clip-vit-p16.safetensors");
  const std::string ref = test::shared_data("clip/reference/tiny-clip-vit-p16.reference.safetensors");
  const std::string hf = test::shared_data("clip/reference/hf-tiny/model.safetensors");
  if (weights.empty() || ref.empty() || hf.empty()) QSKIP("../shared/data/clip/reference is absent");
  st::File w(weights);
  QCOMPARE(w.tensor("visual.conv1.weight").sizes().vec(), (std::vector<int64_t>{64, 3, 16, 16}));
  QCOMPARE(w.tensor("token_embedding.weight").sizes().vec(), (std::vector<int64_t>{49408, 64}));
  QCOMPARE(w.tensor("text_projection").sizes().vec(), (std::vector<int64_t>{64, 32}));
  st::File r(ref);
  QCOMPARE(r.tensor("real_pixels").sizes().vec(), (std::vector<int64_t>{4, 3, 64, 64}));
  QCOMPARE(r.tensor("random_pixels").sizes().vec(), (std::vector<int64_t>{3, 3, 64, 64}));
  QCOMPARE(r.tensor("text_token_ids").sizes().vec(), (std::vector<int64_t>{4, 77}));
  QCOMPARE(r.tensor("real_image_text_logits").sizes().vec(), (std::vector<int64_t>{4, 4}));
  QVERIFY(!r.meta("images").empty());
  st::File h(hf);
  QCOMPARE(h.tensor("logit_scale").dim(), int64_t{0});
  QCOMPARE(h.tensor("text_model.embeddings.token_embedding.weight").scalar_type(), at::kHalf);
}

PLUMAGE_TEST(malformed_files_are_rejected_with_a_message) {
  const std::string ok_tensor = R"("t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]})";
  expect_rejected("empty.st", "", "shorter than the 8-byte header length");
  expect_rejected("short.st", "abc", "shorter than the 8-byte header length");
  expect_rejected("huge_header.st", le64(uint64_t{1} << 40) + "{}", "exceeds the limit");
  expect_rejected("header_past_eof.st", le64(500) + R"({"t":{)", "runs past the end of the file");
  expect_rejected("zero_header.st", le64(0), "does not start with a JSON object");
  expect_rejected("non_object.st", file_with("[1,2,3]", 0), "does not start with a JSON object");
  expect_rejected("bad_json.st", file_with(R"({"t": {"dtype": )", 0), "not valid JSON");
  expect_rejected("bad_utf8.st", file_with("{\"t\xff\xfe\":1}", 0), "not valid JSON");
  expect_rejected("duplicate_key.st", file_with("{" + ok_tensor + "," + ok_tensor + "}", 8), "duplicate key 't'");
  expect_rejected("bad_dtype.st", file_with(R"({"t":{"dtype":"F7","shape":[2],"data_offsets":[0,8]}})", 8),
                  "unsupported dtype 'F7'");
  expect_rejected("negative_shape.st", file_with(R"({"t":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", 8),
                  "tensor 't': shape must hold non-negative integers");
  expect_rejected("float_shape.st", file_with(R"({"t":{"dtype":"F32","shape":[1.5],"data_offsets":[0,8]}})", 8),
                  "shape must hold non-negative integers");
  expect_rejected("absurd_shape.st",
                  file_with(R"({"t":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}})", 8),
                  "overflows");
  expect_rejected("huge_dim.st",
                  file_with(R"({"t":{"dtype":"F32","shape":[18446744073709551615,0],"data_offsets":[0,0]}})", 0),
                  "too large");
  expect_rejected("shape_mismatch.st", file_with(R"({"t":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8),
                  "shape x dtype size is 12 bytes but data_offsets cover 8");
  expect_rejected("offsets_past_eof.st", file_with(R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", 4),
                  "run past the end of the file");
  expect_rejected("overlap.st",
                  file_with(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                            R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", 12),
                  "overlap the previous tensor");
  expect_rejected("gap.st",
                  file_with(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                            R"("b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})", 12),
                  "leave a gap");
  expect_rejected("trailing.st", file_with("{" + ok_tensor + "}", 12), "trailing bytes or truncated file");
  expect_rejected("reversed.st", file_with(R"({"t":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})", 8),
                  "end before they begin");
  expect_rejected("offsets_arity.st", file_with(R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[0]}})", 8),
                  "data_offsets must be [begin, end]");
  expect_rejected("missing_field.st", file_with(R"({"t":{"shape":[2],"data_offsets":[0,8]}})", 8),
                  "needs dtype, shape and data_offsets");
  expect_rejected("meta_not_string.st", file_with(R"({"__metadata__":{"n":3}})", 0),
                  "__metadata__ key 'n' must be a string");
  expect_rejected("entry_not_object.st", file_with(R"({"t":5})", 0), "tensor 't': entry is not an object");
  expect_rejected("deep.st", file_with(R"({"t":{"dtype":"F32","shape":[[[[1]]]],"data_offsets":[0,4]}})", 4),
                  "nested deeper");
  // A valid file cut short inside its data section.
  std::string good = st::serialize({{"x", at::ones({16})}});
  expect_rejected("truncated_data.st", good.substr(0, good.size() - 5), "past the end of the file");
}

PLUMAGE_TEST(parse_header_never_reads_past_the_buffer) {
  // The fuzzer's entry point with a buffer shorter than the declared header.
  std::string bytes = le64(100) + "{\"a\":";
  QVERIFY_THROWS_WITH(st::parse_header(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), 200, "mem"),
                      "header is truncated");
}

PLUMAGE_TEST(large_header_parses_in_linear_time_and_still_refuses_duplicates) {
  // 100k tensors (a 5.6 MB header): duplicate keys were checked by a linear
  // search per key, quadratic in the number of tensors.
  constexpr int kTensors = 100'000;
  auto header_json = [](int tensors, bool duplicate_last) {
    std::string j = "{";
    char buf[128];
    for (int i = 0; i < tensors; ++i) {
      const int name = (duplicate_last && i == tensors - 1) ? 17 : i;
      std::snprintf(buf, sizeof buf, R"(%s"t%06d":{"dtype":"F32","shape":[1],"data_offsets":[%d,%d]})",
                    i ? "," : "", name, 4 * i, 4 * i + 4);
      j += buf;
    }
    return j + "}";
  };
  const auto t0 = std::chrono::steady_clock::now();
  const std::string ok = file_with(header_json(kTensors, false), 4 * kTensors);
  const st::Header h =
      st::parse_header(reinterpret_cast<const uint8_t*>(ok.data()), ok.size(), ok.size(), "big.st");
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  QCOMPARE(h.tensors.size(), size_t(kTensors));
  QVERIFY2(s < 5.0, "parsing a 100k-tensor header took " + std::to_string(s) + " s");
  const std::string dup = file_with(header_json(kTensors, true), 4 * kTensors);
  QVERIFY_THROWS_WITH(
      st::parse_header(reinterpret_cast<const uint8_t*>(dup.data()), dup.size(), dup.size(), "dup.st"),
      "dup.st: duplicate key 't000017' in header");
}

namespace {

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

// A file larger than RAM + swap maps (the kernel's default overcommit
// heuristic refuses a private writable mapping that size unless it is
// MAP_NORESERVE). The file is sparse: it takes no disk space.
PLUMAGE_TEST(a_file_larger_than_memory_maps) {
  const uint64_t ram = static_cast<uint64_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  const uint64_t bytes = (2 * ram + (uint64_t{64} << 30)) / 8 * 8;
  const std::string json = "{\"big\":{\"dtype\":\"U8\",\"shape\":[" + std::to_string(bytes) +
                           "],\"data_offsets\":[0," + std::to_string(bytes) + "]}}";
  std::string head = le64(json.size()) + json;
  const std::string path = write_bytes("sparse_big.safetensors", head);
  fs::resize_file(path, head.size() + bytes);
  {
    const st::File f(path);
    const at::Tensor t = f.tensor("big");
    QCOMPARE(static_cast<uint64_t>(t.numel()), bytes);
    QCOMPARE(t[static_cast<int64_t>(bytes - 1)].item<int64_t>(), int64_t(0));
  }
  fs::remove(path);
}

PLUMAGE_TEST(chunked_writer_writes_the_one_shot_bytes) {
  const std::string dir = test::temp_dir();
  const at::Tensor a = at::randn({10, 3}), b = at::arange(10, at::kLong), c = at::randn({10, 2, 4}).to(at::kHalf);
  const st::NamedTensors all = {{"a", a}, {"b", b}, {"c", c}};
  const std::map<std::string, std::string> meta = {{"k", "v"}};
  st::ChunkedWriter w(dir + "/chunked.safetensors",
                      {{"a", st::DType::F32, {10, 3}}, {"b", st::DType::I64, {10}}, {"c", st::DType::F16, {10, 2, 4}}},
                      meta);
  for (int64_t s : {0, 4, 5}) {  // chunks of 4, 1 and 5 rows, tensors in another order
    const int64_t n = s == 0 ? 4 : s == 4 ? 1 : 5;
    w.append({{"c", c.narrow(0, s, n).to(at::kFloat)}, {"a", a.narrow(0, s, n)}, {"b", b.narrow(0, s, n)}});
  }
  QVERIFY(!fs::exists(dir + "/chunked.safetensors"));  // only on commit
  w.commit();
  QVERIFY(file_bytes(dir + "/chunked.safetensors") == st::serialize(all, meta));

  // Too many rows, a wrong shape, or a commit before the last row: refused, nothing left behind.
  {
    st::ChunkedWriter bad(dir + "/bad.safetensors", {{"a", st::DType::F32, {2, 3}}});
    QVERIFY_THROWS_WITH(bad.append({{"a", at::zeros({3, 3})}}), "more than the 2 declared");
    QVERIFY_THROWS_WITH(bad.append({{"a", at::zeros({1, 4})}}), "wrong shape");
    bad.append({{"a", at::zeros({1, 3})}});
    QVERIFY_THROWS_WITH(bad.commit(), "only 1 of 2 rows");
  }
  QVERIFY(!fs::exists(dir + "/bad.safetensors"));
  for (const auto& e : fs::directory_iterator(dir)) QVERIFY2(e.path().string().find(".tmp.") == std::string::npos, e.path().string());
}

PLUMAGE_TEST(chunked_text_feature_writer_writes_what_save_text_features_writes) {
  const std::string dir = test::temp_dir();
  train::TextFeatureSet s;
  s.features = at::randn({7, 4});
  s.labels = at::tensor(std::vector<int64_t>{0, 1, 1, 0, 1, 0, 0});
  s.image_ids = at::arange(7, at::kLong);
  s.text_index = at::zeros({7}, at::kLong);
  s.tokens = at::randn({7, 5, 3}).to(at::kHalf);
  s.lengths = at::tensor(std::vector<int64_t>{1, 5, 2, 3, 4, 5, 1});
  s.class_names = {"a", "b"};
  s.source = "file";
  s.texts_json = R"(["t0","t1","t2","t3","t4","t5","t6"])";
  s.metadata["token_dtype"] = "float16";
  train::save_text_features(dir + "/one_shot.safetensors", s);
  train::TextFeatureShape shape;
  shape.rows = 7;
  shape.dim = 4;
  shape.context = 5;
  shape.token_width = 3;
  train::TextFeatureSet header = s;
  header.features = header.labels = header.image_ids = header.text_index = header.tokens = header.lengths = at::Tensor();
  train::ChunkedTextFeatureWriter w(dir + "/chunks.safetensors", header, shape);
  for (int64_t first = 0; first < 7; first += 3) {
    const int64_t n = std::min<int64_t>(3, 7 - first);
    train::TextFeatureSet rows;
    rows.features = s.features.narrow(0, first, n);
    rows.labels = s.labels.narrow(0, first, n);
    rows.image_ids = s.image_ids.narrow(0, first, n);
    rows.text_index = s.text_index.narrow(0, first, n);
    rows.tokens = s.tokens.narrow(0, first, n).to(at::kFloat);  // converted to the file's float16
    rows.lengths = s.lengths.narrow(0, first, n);
    w.append(rows);
  }
  w.commit();
  QVERIFY(file_bytes(dir + "/chunks.safetensors") == file_bytes(dir + "/one_shot.safetensors"));

  // Each chunk is checked as the format requires, naming the file and the chunk.
  train::ChunkedTextFeatureWriter bad(dir + "/bad_chunk.safetensors", header, shape);
  train::TextFeatureSet rows;
  rows.features = at::zeros({2, 4});
  rows.labels = at::tensor(std::vector<int64_t>{0, 2});
  rows.image_ids = rows.text_index = at::zeros({2}, at::kLong);
  rows.tokens = at::zeros({2, 5, 3});
  rows.lengths = at::ones({2}, at::kLong);
  QVERIFY_THROWS_WITH(bad.append(rows), "bad_chunk.safetensors (chunk from row 0): tensor 'labels' row 1");
  // A header that does not fit the rows: 'texts' names 7 rows, the shape 6.
  shape.rows = 6;
  QVERIFY_THROWS_WITH(train::ChunkedTextFeatureWriter(dir + "/x.safetensors", header, shape), "'texts' has 7 entries for 6 rows");
}

PLUMAGE_TEST_MAIN()
