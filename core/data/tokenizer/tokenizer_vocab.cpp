// Loading CLIP vocabularies: OpenAI's gzip merges file and Hugging Face's
// vocab.json + merges.txt, both validated line by line.
#include "core/data/tokenizer/tokenizer_impl.h"

#include "core/data/file_util.h"
#include "core/json/parse_limited.h"
#include "core/data/tokenizer/tokenizer_text.h"

#include <nlohmann/json.hpp>
#include <zlib.h>

#include <filesystem>

namespace plumage::data {
namespace {

namespace fs = std::filesystem;

// OpenAI's simple_tokenizer keeps merges [1, 49152-256-2+1) of the file.
constexpr size_t kOpenAiMerges = 49152 - 256 - 2;
constexpr const char* kSplitPattern =
    R"(<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+)";

// The order in which bytes_to_unicode() lists bytes (its vocabulary order).
std::vector<uint8_t> bytes_in_vocab_order() {
  std::vector<uint8_t> order;
  std::vector<bool> printable(256, false);
  for (int b = 0; b < 256; ++b) {
    printable[b] = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    if (printable[b]) order.push_back(static_cast<uint8_t>(b));
  }
  for (int b = 0; b < 256; ++b)
    if (!printable[b]) order.push_back(static_cast<uint8_t>(b));
  return order;
}

std::string byte_symbol(uint8_t b) {
  std::string s;
  tokenizer_text::append_utf8(s, clip_byte_to_unicode(b));
  return s;
}

// Gunzips `bytes` when they carry the gzip magic; otherwise returns them.
std::string maybe_gunzip(const std::string& bytes, const std::string& path) {
  if (bytes.size() < 2 || static_cast<unsigned char>(bytes[0]) != 0x1F ||
      static_cast<unsigned char>(bytes[1]) != 0x8B)
    return bytes;
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) throw TokenizerError(path + ": zlib init failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char buf[1 << 16];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      throw TokenizerError(path + ": corrupt gzip data (" + (zs.msg ? zs.msg : "zlib error") + ")");
    }
    out.append(buf, sizeof(buf) - zs.avail_out);
    if (out.size() > kMaxVocabularyBytes) {
      inflateEnd(&zs);
      throw TokenizerError(
          path + ": decompresses to more than " + std::to_string(kMaxVocabularyBytes >> 20) +
          " MiB; a CLIP vocabulary is about 1.3 MB (not a vocabulary, or a decompression bomb)");
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      throw TokenizerError(path + ": truncated gzip data");
    }
  }
  inflateEnd(&zs);
  return out;
}

std::string read_bytes(const std::string& path) {
  try {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxVocabularyBytes)
      throw TokenizerError(path + ": is " + std::to_string(size) + " bytes, more than the " +
                           std::to_string(kMaxVocabularyBytes >> 20) + " MiB a tokenizer file may have");
    return read_file_bytes(path);
  } catch (const TokenizerError&) {
    throw;
  } catch (const std::exception& e) {
    throw TokenizerError(e.what());
  }
}

// "a b" -> {"a", "b"}; false unless exactly two space-separated fields.
bool split_merge(const std::string& line, std::pair<std::string, std::string>& out) {
  const size_t sp = line.find(' ');
  if (sp == std::string::npos || sp == 0 || sp + 1 >= line.size()) return false;
  if (line.find(' ', sp + 1) != std::string::npos) return false;
  out = {line.substr(0, sp), line.substr(sp + 1)};
  return true;
}

}  // namespace

uint32_t clip_byte_to_unicode(uint8_t byte) {
  const int b = byte;
  if ((b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF)) return byte;
  // Non-printable bytes get 256, 257, ... in byte order.
  uint32_t n = 0;
  for (int x = 0; x < b; ++x)
    if (!((x >= '!' && x <= '~') || (x >= 0xA1 && x <= 0xAC) || (x >= 0xAE && x <= 0xFF))) ++n;
  return 256 + n;
}

ClipTokenizer::Impl::~Impl() {
  if (pattern) pcre2_code_free(pattern);
}

void ClipTokenizer::Impl::build(std::vector<std::string> vocab_by_id,
                                const std::vector<std::pair<std::string, std::string>>& merge_list,
                                const std::vector<std::string>& merge_where) {
  id_to_token = std::move(vocab_by_id);
  token_to_id.clear();
  for (size_t i = 0; i < id_to_token.size(); ++i)
    token_to_id[id_to_token[i]] = static_cast<int32_t>(i);  // later entries win, as a Python dict
  const auto need = [&](const std::string& token, const std::string& where) {
    const auto it = token_to_id.find(token);
    if (it == token_to_id.end()) throw TokenizerError(where + ": token \"" + token + "\" is not in the vocabulary");
    return it->second;
  };
  for (int b = 0; b < 256; ++b) {
    const std::string sym = byte_symbol(static_cast<uint8_t>(b));
    byte_id[b] = need(sym, source + " (byte " + std::to_string(b) + ")");
    byte_end_id[b] = need(sym + "</w>", source + " (byte " + std::to_string(b) + ")");
    unicode_to_byte[clip_byte_to_unicode(static_cast<uint8_t>(b))] = static_cast<uint8_t>(b);
  }
  merges.clear();
  for (size_t i = 0; i < merge_list.size(); ++i) {
    const auto& [a, b] = merge_list[i];
    const int32_t ia = need(a, merge_where[i]);
    const int32_t ib = need(b, merge_where[i]);
    const int32_t merged = need(a + b, merge_where[i]);
    merges[pair_key(ia, ib)] = BpeMerge{static_cast<int32_t>(i), merged};  // last rank wins
  }
  merge_count = merge_list.size();
  // The most input bytes one token can cover: each code point of a token
  // string stands for one byte; "</w>" marks a word end and covers none.
  max_token_bytes = 1;
  for (const std::string& t : id_to_token) {
    size_t points = 0;
    const size_t len = t.size() >= 4 && t.compare(t.size() - 4, 4, "</w>") == 0 ? t.size() - 4 : t.size();
    for (size_t pos = 0; pos < len;) {
      size_t n = 1;
      tokenizer_text::decode_at(t, pos, &n);
      pos += n;
      ++points;
    }
    max_token_bytes = std::max(max_token_bytes, points);
  }
  sot = need("<|startoftext|>", source);
  eot = need("<|endoftext|>", source);

  int err = 0;
  PCRE2_SIZE offset = 0;
  pattern = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(kSplitPattern), PCRE2_ZERO_TERMINATED,
                          PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &err, &offset, nullptr);
  if (!pattern) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(err, msg, sizeof(msg));
    throw TokenizerError(std::string("PCRE2 cannot compile the CLIP split pattern: ") +
                         reinterpret_cast<const char*>(msg));
  }
  pcre2_jit_compile(pattern, PCRE2_JIT_COMPLETE);  // optional speed-up; the interpreter works too
}

ClipTokenizer ClipTokenizer::from_openai_merges(const std::string& path) {
  const std::string text = maybe_gunzip(read_bytes(path), path);
  const std::vector<std::string> lines = split_lines(text);
  if (lines.size() < kOpenAiMerges + 1)
    throw TokenizerError(path + ": has " + std::to_string(lines.size()) + " lines; a CLIP merges file has at least " +
                         std::to_string(kOpenAiMerges + 1));
  std::vector<std::pair<std::string, std::string>> merge_list(kOpenAiMerges);
  std::vector<std::string> where(kOpenAiMerges);
  for (size_t i = 0; i < kOpenAiMerges; ++i) {
    where[i] = path + ":" + std::to_string(i + 2);
    if (!split_merge(lines[i + 1], merge_list[i]))
      throw TokenizerError(where[i] + ": expected two symbols separated by one space, got \"" + lines[i + 1] + "\"");
  }
  std::vector<std::string> vocab;
  vocab.reserve(2 * 256 + kOpenAiMerges + 2);
  const std::vector<uint8_t> order = bytes_in_vocab_order();
  for (uint8_t b : order) vocab.push_back(byte_symbol(b));
  for (uint8_t b : order) vocab.push_back(byte_symbol(b) + "</w>");
  for (const auto& [a, b] : merge_list) vocab.push_back(a + b);
  vocab.push_back("<|startoftext|>");
  vocab.push_back("<|endoftext|>");

  auto impl = std::make_unique<Impl>();
  impl->source = path;
  impl->build(std::move(vocab), merge_list, where);
  return ClipTokenizer(std::move(impl));
}

ClipTokenizer ClipTokenizer::from_hf(const std::string& vocab_json, const std::string& merges_txt) {
  nlohmann::json j;
  try {
    j = jsonio::parse(read_bytes(vocab_json), vocab_json, jsonio::kData);
  } catch (const jsonio::Error& e) {
    throw TokenizerError(e.what());
  }
  if (!j.is_object() || j.empty()) throw TokenizerError(vocab_json + ": expected a JSON object {token: id}");
  std::vector<std::string> vocab(j.size());
  std::vector<bool> seen(j.size(), false);
  for (const auto& [token, id] : j.items()) {
    if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() >= static_cast<int64_t>(j.size()))
      throw TokenizerError(vocab_json + ": key \"" + token + "\": id must be an integer in [0, " +
                           std::to_string(j.size()) + ")");
    const auto i = static_cast<size_t>(id.get<int64_t>());
    if (seen[i]) throw TokenizerError(vocab_json + ": key \"" + token + "\": id " + std::to_string(i) + " used twice");
    seen[i] = true;
    vocab[i] = token;
  }
  const std::vector<std::string> lines = split_lines(read_bytes(merges_txt));
  std::vector<std::pair<std::string, std::string>> merge_list;
  std::vector<std::string> where;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty() || (i == 0 && lines[i].rfind("#version", 0) == 0)) continue;
    std::pair<std::string, std::string> m;
    where.push_back(merges_txt + ":" + std::to_string(i + 1));
    if (!split_merge(lines[i], m))
      throw TokenizerError(where.back() + ": expected two symbols separated by one space, got \"" + lines[i] + "\"");
    merge_list.push_back(std::move(m));
  }
  auto impl = std::make_unique<Impl>();
  impl->source = vocab_json;
  impl->build(std::move(vocab), merge_list, where);
  return ClipTokenizer(std::move(impl));
}

ClipTokenizer ClipTokenizer::load(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    const fs::path dir(path);
    if (fs::exists(dir / "vocab.json") && fs::exists(dir / "merges.txt"))
      return from_hf((dir / "vocab.json").string(), (dir / "merges.txt").string());
    if (fs::exists(dir / "bpe_simple_vocab_16e6.txt.gz"))
      return from_openai_merges((dir / "bpe_simple_vocab_16e6.txt.gz").string());
    throw TokenizerError(path + ": directory has neither vocab.json + merges.txt nor bpe_simple_vocab_16e6.txt.gz");
  }
  if (!fs::exists(path, ec)) throw TokenizerError(path + ": no such file");
  if (fs::path(path).extension() == ".json") {
    const fs::path merges = fs::path(path).parent_path() / "merges.txt";
    return from_hf(path, merges.string());
  }
  return from_openai_merges(path);
}

}  // namespace plumage::data
