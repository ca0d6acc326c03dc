// Safetensors reader/writer: round trips, files written by another
// implementation, and malformed files that must be rejected with a message.
#include "core/engine/safetensors.h"
#include "lite_test.h"

#include <ATen/ATen.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

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

PLUMAGE_TEST_MAIN()
