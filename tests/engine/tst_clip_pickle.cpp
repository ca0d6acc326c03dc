// PyTorch .pt/.bin checkpoints read as data: torch.save fixtures made by
// Debian's python3-torch, and hand-made archives that must be refused
// quickly, in little memory, with an error naming the file and entry.
#include "core/engine/clip/clip_model.h"
#include "core/engine/clip/pickle_reader.h"
#include "core/engine/clip/torch_archive.h"
#include "core/engine/clip/zip_archive.h"
#include "lite_test.h"
#include "tst_torch_craft.h"

#include <ATen/ATen.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>

using namespace plumage;
using namespace torch_craft;
namespace fs = std::filesystem;

namespace {

std::string fixture(const std::string& name) { return std::string(PLUMAGE_CLIP_FIXTURES) + "/" + name; }

std::string write_file(const std::string& name, const std::string& bytes) {
  const std::string path = test::temp_dir() + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string floats(const std::vector<float>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
}

void require_equal(const std::map<std::string, at::Tensor>& t, const std::string& name, const at::Tensor& expected) {
  auto it = t.find(name);
  QVERIFY2(it != t.end(), "no tensor '" + name + "'");
  QCOMPARE(it->second.scalar_type(), expected.scalar_type());
  QVERIFY2(it->second.sizes() == expected.sizes(), "shape of '" + name + "'");
  QVERIFY2(at::equal(it->second, expected), "values of '" + name + "'");
}

// What make_torch_fixtures.py writes into state_dict.pt.
void check_state_dict(const std::string& path) {
  const auto a = clip::detail::read_torch_archive(path);
  QVERIFY(!a.torchscript);
  const auto& t = a.tensors;
  QCOMPARE(t.size(), size_t{14});
  const at::Tensor base = at::arange(12, at::kFloat).reshape({3, 4});
  require_equal(t, "f32", base);
  require_equal(t, "f32_t", base.t());
  QVERIFY(t.at("f32_t").strides() == at::IntArrayRef({1, 4}));  // a view, as saved
  require_equal(t, "f32_slice", base.slice(0, 1).slice(1, 1, 3));
  QCOMPARE(t.at("f32_slice").storage_offset(), int64_t{5});
  require_equal(t, "f16", at::arange(6, at::kHalf).reshape({2, 3}) / 4);
  require_equal(t, "bf16", at::arange(4, at::kBFloat16) - 2);
  require_equal(t, "f64", at::arange(3, at::kDouble) / 8);
  require_equal(t, "i64", at::arange(5, at::kLong) * int64_t{1000000000000});
  require_equal(t, "i32", -at::arange(4, at::kInt));
  require_equal(t, "i16", at::arange(3, at::kShort));
  require_equal(t, "i8", -at::arange(3, at::kChar));
  require_equal(t, "u8", at::arange(250, 253, at::kByte));
  require_equal(t, "bool", at::arange(3).remainder(2).eq(0));
  require_equal(t, "scalar", at::full({}, 2.5, at::kFloat));
  require_equal(t, "empty", at::zeros({0, 3}));
}

// What make_torch_fixtures.py writes into pytorch_model.bin (HF layout:
// dotted module names, an int64 buffer, _metadata on the OrderedDict).
void check_hf_bin(const std::string& path) {
  const auto a = clip::detail::read_torch_archive(path);
  QVERIFY(!a.torchscript);
  const auto& t = a.tensors;
  QCOMPARE(t.size(), size_t{6});
  auto param = [](std::vector<int64_t> shape, int i) {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return (at::arange(n, at::kFloat) / 8 + i).reshape(shape);
  };
  require_equal(t, "logit_scale", param({}, 0));
  require_equal(t, "text_model.embeddings.position_embedding.weight", param({4, 2}, 1));
  require_equal(t, "text_model.final_layer_norm.weight", param({2}, 2));
  require_equal(t, "text_model.final_layer_norm.bias", param({2}, 3));
  require_equal(t, "text_projection.weight", param({3, 2}, 4));
  require_equal(t, "text_model.embeddings.position_ids", at::arange(4, at::kLong).unsqueeze(0));
}

// load_clip must throw ClipLoadError naming the file and `needle`, quickly.
void expect_refused(const std::string& file, const std::string& bytes, const std::string& needle) {
  const std::string path = write_file(file, bytes);
  const auto t0 = std::chrono::steady_clock::now();
  std::string msg;
  try {
    clip::load_clip(path);
  } catch (const clip::ClipLoadError& e) {
    msg = e.what();
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "    " << file << " (" << bytes.size() << " bytes, " << s << " s): " << msg.substr(0, 160) << "\n";
  QVERIFY2(!msg.empty(), file + ": no ClipLoadError");
  QVERIFY2(msg.find(needle) != std::string::npos, "'" + msg + "' lacks '" + needle + "'");
  QVERIFY2(msg.find(path) != std::string::npos, "'" + msg + "' does not name the file");
  QVERIFY2(s < 5.0, file + " took " + std::to_string(s) + " s");
}

long status_kb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::strlen(field)));
  return -1;
}

// Growth of the peak resident set while `fn` runs, in MB (-1: unknown).
template <typename Fn>
double peak_growth_mb(Fn fn) {
  const long before = status_kb("VmRSS:");
  const bool reset = static_cast<bool>(std::ofstream("/proc/self/clear_refs") << "5");  // resets VmHWM
  fn();
  const long peak = status_kb("VmHWM:");
  return reset && before > 0 && peak > 0 ? (peak - before) / 1024.0 : -1;
}

TensorSpec float_tensor(const std::string& name, int64_t numel, std::vector<int64_t> size, std::vector<int64_t> stride,
                        int64_t offset = 0, const std::string& key = "0") {
  return {name, "FloatStorage", key, numel, offset, std::move(size), std::move(stride)};
}

}  // namespace

PLUMAGE_TEST(torch_save_fixture_dtypes_and_views) {
  check_state_dict(fixture("state_dict.pt"));
}

PLUMAGE_TEST(torch_save_fixture_hf_pytorch_model_bin) {
  check_hf_bin(fixture("pytorch_model.bin"));
  // Not a CLIP: a clear error, not a crash, through the model loader.
  QVERIFY_THROWS_WITH(clip::load_clip(fixture("pytorch_model.bin")), "pytorch_model.bin");
}

PLUMAGE_TEST(torch_save_fresh_from_python) {
  const std::string py = require_python_torch();
  const std::string dir = test::temp_dir();
  const std::string cmd = py + " " + fixture("make_torch_fixtures.py") + " " + dir;
  QVERIFY2(std::system(cmd.c_str()) == 0, cmd);
  check_state_dict(dir + "/state_dict.pt");
  check_hf_bin(dir + "/pytorch_model.bin");
}

PLUMAGE_TEST(torch_crafted_archives_load) {
  // A 2x3 view with strides (1, 2) and offset 1 over 8 floats; aligned
  // records are mapped, misaligned ones copied: same values either way.
  const std::string pkl = state_dict_pickle({float_tensor("w", 8, {2, 3}, {1, 2}, 1)});
  const std::string data = floats({0, 1, 2, 3, 4, 5, 6, 7});
  const at::Tensor expected = at::arange(8, at::kFloat).as_strided({2, 3}, {1, 2}, 1);
  for (bool align : {true, false}) {
    const auto a = clip::detail::read_torch_archive(write_file("ok.pt", torch_save_zip(pkl, {{"0", data}}, align)));
    require_equal(a.tensors, "w", expected);
  }
  // The zip64 layout of archives over 4 GB (sizes and offsets in extra fields).
  const Zip z64 = make_zip({{"archive/data.pkl", pkl}, {"archive/data/0", data}}, true, 0, true);
  require_equal(clip::detail::read_torch_archive(write_file("z64.pt", z64.bytes)).tensors, "w", expected);
  // A TorchScript-style module: __torch__ classes, BUILD state walked by attribute.
  Pickle p;
  p.global("__torch__", "Root").op(')').op('\x81').op('}').op('(');
  p.str("training").op('\x88').str("child").global("__torch__.sub", "Child").op(')').op('\x81').op('}').op('(');
  p.str("bias").tensor("FloatStorage", "0", 8, 0, {2}, {1}).op('u').op('b');
  p.str("weight").tensor("FloatStorage", "0", 8, 2, {3}, {2}).op('u').op('b');
  const auto ts = clip::detail::read_torch_archive(write_file(
      "ts.pt", make_zip({{"m/data.pkl", p.done()}, {"m/code/__torch__.py", "class Root: ..."}, {"m/data/0", data}}).bytes));
  QVERIFY(ts.torchscript);
  QCOMPARE(ts.tensors.size(), size_t{2});
  require_equal(ts.tensors, "child.bias", at::arange(2, at::kFloat));
  require_equal(ts.tensors, "weight", at::arange(8, at::kFloat).as_strided({3}, {2}, 2));
  // The same pickle in a torch.save archive (no code/): classes are refused.
  expect_refused("not_ts.pt", make_zip({{"m/data.pkl", p.done()}, {"m/data/0", data}}).bytes,
                 "refused global '__torch__.Root'");
}

PLUMAGE_TEST(torch_pickle_refuses_globals) {
  const std::string marker = test::temp_dir() + "/pwned";
  const std::pair<const char*, const char*> refused[] = {
      {"os", "system"}, {"posix", "system"}, {"builtins", "eval"}, {"subprocess", "Popen"},
      {"torch", "load"}, {"torch._utils", "_rebuild_qtensor"}, {"torch", "ComplexFloatStorage"},
      {"torch.serialization", "_get_layout"}, {"__torch__", "Evil"}};
  for (const auto& [module, name] : refused) {
    Pickle p;
    p.global(module, name).str("touch " + marker).op('\x85').op('R');  // f("touch ..."), TUPLE1 REDUCE
    expect_refused("evil.pt", torch_save_zip(p.done(), {}),
                   std::string("refused global '") + module + "." + name + "'");
  }
  // STACK_GLOBAL (protocol 4), and inside a TorchScript archive, where only
  // __torch__ classes are added to the allow-list.
  Pickle sg;
  sg.str("os").str("system").op('\x93').str("touch " + marker).op('\x85').op('R');
  expect_refused("evil4.pt", torch_save_zip(sg.done(), {}), "refused global 'os.system'");
  const Zip ts = make_zip({{"m/data.pkl", sg.done()}, {"m/code/__torch__.py", ""}});
  expect_refused("evil_ts.pt", ts.bytes, "archive entry 'm/data.pkl'");
  QVERIFY(!fs::exists(marker));
}

PLUMAGE_TEST(torch_tensor_bounds) {
  const std::string data = floats({0, 1, 2, 3, 4, 5});
  auto one = [&](const TensorSpec& t) { return torch_save_zip(state_dict_pickle({t}), {{t.key, data}}); };
  // Largest element reached: 1*3 + 2*2 = 7 in a 6-element storage.
  expect_refused("stride.pt", one(float_tensor("visual.proj", 6, {2, 3}, {3, 2})),
                 "tensor 'visual.proj': reaches element 7 of storage '0', which holds 6");
  expect_refused("offset.pt", one(float_tensor("w", 6, {1}, {1}, 6)), "reaches element 6");
  expect_refused("negative.pt", one(float_tensor("w", 6, {2}, {-1})), "stride holds a value that is not a non-negative");
  expect_refused("overflow.pt", one(float_tensor("w", 6, {int64_t{1} << 40, int64_t{1} << 40}, {1, 1})), "overflows");
  // A 4 GB storage declared over a 24-byte record: refused before any allocation.
  expect_refused("declared4g.pt", one(float_tensor("w", int64_t{1} << 30, {6}, {1})),
                 "archive entry 'archive/data/0': 24 bytes, but data.pkl declares 1073741824 float32 elements");
  expect_refused("missing.pt", torch_save_zip(state_dict_pickle({float_tensor("w", 6, {6}, {1}, 0, "7")}), {}),
                 "archive entry 'archive/data/7' is missing");
  expect_refused("key.pt", one(float_tensor("w", 6, {6}, {1}, 0, "..")), "storage key '..' is not a plain record name");
  TensorSpec half = float_tensor("b", 6, {6}, {1});
  half.cls = "HalfStorage";
  expect_refused("twice.pt", torch_save_zip(state_dict_pickle({float_tensor("a", 6, {6}, {1}), half}), {{"0", data}}),
                 "declared twice");
}

PLUMAGE_TEST(torch_pickle_bombs) {
  std::vector<std::pair<std::string, std::string>> bombs;  // pickle, expected error
  std::string memo = "\x80\x02N";
  for (uint32_t i = 0; i <= clip::pt::kMaxPickleMemo; ++i) put_le(memo += 'r', i, 4);
  bombs.emplace_back(memo + ".", "memo holds more than 1000000 entries");
  std::string stack("\x80\x02Nq\x00", 5);  // None, then BINGET of it 1M times
  for (size_t i = 0; i < clip::pt::kMaxPickleStack; ++i) stack += {'h', '\0'};
  bombs.emplace_back(stack + ".", "stack deeper than 1000000");
  std::string values = "\x80\x02";
  for (size_t i = 0; i <= clip::pt::kMaxPickleValues; ++i) values += "N0";
  bombs.emplace_back(values + ".", "more than 1000000 values");
  std::string items("\x80\x02]Nq\x00" "0", 7);  // a list, None memoized at 0, then [None] * 2M
  for (size_t i = 0; i <= clip::pt::kMaxPickleItems; ++i) items += {'h', '\0', 'a'};  // BINGET 0, APPEND
  bombs.emplace_back(items + ".", "containers hold more than 2000000 items");
  // Every limit at once: memoized one-item lists until the value limit.
  std::string lists = "\x80\x02";
  for (uint32_t i = 0; i < clip::pt::kMaxPickleValues / 2 + 1; ++i) put_le(lists += "]Na" "r", i, 4);
  bombs.emplace_back(lists + ".", "more than 1000000 values");
  // Dicts nested 100 deep; a dict that holds itself; lists that each hold
  // the previous one twice (2^40 paths through 41 values).
  Pickle deep;
  deep.op('}');
  for (int i = 0; i < 100; ++i) deep.str("k").op('}');
  bombs.emplace_back(deep.b + std::string(100, 's') + ".", "nested deeper than 64 levels");
  bombs.emplace_back(Pickle().op('}').raw("q\x01").str("a").raw("h\x01s").done(), "nested deeper than 64 levels");
  Pickle dag;
  dag.raw("]q\x01Na0");
  for (int i = 2; i <= 41; ++i) {
    dag.raw("]q").op(static_cast<char>(i));
    for (int k = 0; k < 2; ++k) dag.raw("h").op(static_cast<char>(i - 1)).op('a');
    dag.op('0');
  }
  bombs.emplace_back(dag.op('}').str("x").raw("h").op(41).op('s').done(), "object graph too large");
  bombs.emplace_back("\x80\x02X\xff\xff\xff\xff", "string of 4294967295 bytes exceeds the limit");
  bombs.emplace_back("\x80\x02" "cos\nsystem", "pickle truncated");
  bombs.emplace_back(state_dict_pickle({float_tensor("w", 6, {6}, {1})}).substr(0, 100), "pickle truncated");
  bombs.emplace_back("\x80\x02h\x05.", "memo index 5 was never stored");
  bombs.emplace_back("\x80\x02s.", "stack underflow");
  bombs.emplace_back("\x80\x02\xff", "unsupported pickle opcode 0xff");
  int n = 0;
  for (const auto& [pkl, needle] : bombs) {
    const std::string zip = torch_save_zip(pkl, {});
    const std::string file = "bomb" + std::to_string(n++) + ".pt";
    const double mb = peak_growth_mb([&] { expect_refused(file, zip, needle); });
    std::cout << "    peak memory growth " << mb << " MB\n";
    QVERIFY2(mb < 256, file + ": peak memory grew by " + std::to_string(mb) + " MB");
  }
}

PLUMAGE_TEST(torch_zip_malformed) {
  const std::string data = floats({0, 1, 2, 3, 4, 5});
  const std::string pkl = state_dict_pickle({float_tensor("w", 6, {6}, {1})});
  const Zip good = make_zip({{"archive/data.pkl", pkl}, {"archive/data/0", data}});
  QCOMPARE(clip::detail::read_torch_archive(write_file("good.pt", good.bytes)).tensors.size(), size_t{1});
  // Cut anywhere: always a FormatError, never a crash or an out-of-file read.
  for (size_t n = 0; n < good.bytes.size(); ++n) {
    bool threw = false;
    try {
      clip::pt::parse_zip(reinterpret_cast<const uint8_t*>(good.bytes.data()), n, "cut");
    } catch (const clip::pt::FormatError&) {
      threw = true;
    }
    QVERIFY2(threw, "a zip cut to " + std::to_string(n) + " bytes parsed");
  }
  expect_refused("truncated.pt", good.bytes.substr(0, good.bytes.size() - 30), "no end-of-central-directory record");
  Zip z = good;  // data.pkl's sizes now cover data/0's local header too
  patch_le(z.bytes, z.central[0] + 20, pkl.size() + 40, 4);
  patch_le(z.bytes, z.central[0] + 24, pkl.size() + 40, 4);
  expect_refused("overlap.pt", z.bytes, "zip entries overlap");
  z = good;
  patch_le(z.bytes, z.central[1] + 20, 0x7fffffff, 4);
  patch_le(z.bytes, z.central[1] + 24, 0x7fffffff, 4);
  expect_refused("past_end.pt", z.bytes, "zip entry 'archive/data/0': data (2147483647 bytes) runs past");
  z = good;
  patch_le(z.bytes, z.central[0] + 42, 0x7fffffff, 4);
  expect_refused("local.pt", z.bytes, "local header outside the file");
  z = good;
  patch_le(z.bytes, z.eocd + 16, 0x7ffffff0, 4);
  expect_refused("cd.pt", z.bytes, "central directory lies outside the file");
  z = good;
  patch_le(z.bytes, z.eocd + 8, 0xffff, 2);
  patch_le(z.bytes, z.eocd + 10, 0xffff, 2);
  expect_refused("zip64.pt", z.bytes, "zip64 end record expected");
  z = make_zip({{"archive/data.pkl", pkl}, {"archive/data/0", data}}, true, 0, true);
  for (size_t field : {4, 12}) patch_le(z.bytes, z.central[1] + 46 + 14 + field, 0xffffffffffull, 8);  // data/0: 1 TB
  expect_refused("zip64_size.pt", z.bytes, "zip entry 'archive/data/0': data (1099511627775 bytes) runs past");
  z = make_zip({{"archive/data.pkl", pkl}}, true, 0, true);
  patch_le(z.bytes, z.central[0] + 30, 0, 2);  // drop the zip64 extra field
  expect_refused("zip64_extra.pt", z.bytes, "zip64 sizes announced but no zip64 extra field");
  z = good;
  patch_le(z.bytes, z.central[1] + 28, 0, 2);
  expect_refused("noname.pt", z.bytes, "name length 0 out of range");
  expect_refused("dup.pt", make_zip({{"archive/data.pkl", pkl}, {"archive/data.pkl", pkl}}).bytes, "duplicate entry name");
  expect_refused("deflate.pt", make_zip({{"archive/data.pkl", pkl}}, true, 8).bytes, "is compressed");
  expect_refused("plain.zip", make_zip({{"notes.txt", "hello"}}).bytes, "without <name>/data.pkl");
}
