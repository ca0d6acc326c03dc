// CLIP tokenization: normalize, split with the reference pattern, BPE each
// piece (with a cache), add SOT/EOT and fit to the context.
#include "core/data/tokenizer/tokenizer_impl.h"

#include "core/data/tokenizer/tokenizer_text.h"

#include <algorithm>
#include <limits>

namespace plumage::data {
namespace {

constexpr size_t kMaxCacheEntries = 200'000;

struct MatchData {
  explicit MatchData(const pcre2_code* code) : data(pcre2_match_data_create_from_pattern(code, nullptr)) {
    if (!data) throw TokenizerError("out of memory creating PCRE2 match data");
  }
  ~MatchData() { pcre2_match_data_free(data); }
  MatchData(const MatchData&) = delete;
  MatchData& operator=(const MatchData&) = delete;
  pcre2_match_data* data;
};

}  // namespace

BpeWord ClipTokenizer::Impl::bpe(const std::string& pretoken, bool word_end) const {
  if (word_end && pretoken == "<|startoftext|>") return {{sot}, {static_cast<uint32_t>(pretoken.size())}};
  if (word_end && pretoken == "<|endoftext|>") return {{eot}, {static_cast<uint32_t>(pretoken.size())}};
  if (word_end) {
    std::lock_guard<std::mutex> lock(cache_mutex);
    const auto it = cache.find(pretoken);
    if (it != cache.end()) return it->second;
  }
  BpeWord word;
  const size_t n = pretoken.size();
  word.ids.resize(n);
  word.bytes.assign(n, 1);
  for (size_t i = 0; i < n; ++i) {
    const auto b = static_cast<unsigned char>(pretoken[i]);
    word.ids[i] = i + 1 == n && word_end ? byte_end_id[b] : byte_id[b];
  }
  // Merge the lowest-ranked adjacent pair everywhere, left to right, until
  // no adjacent pair is a merge (simple_tokenizer.bpe).
  while (word.ids.size() > 1) {
    int32_t best_rank = std::numeric_limits<int32_t>::max();
    int32_t first = 0, second = 0, merged = 0;
    for (size_t i = 0; i + 1 < word.ids.size(); ++i) {
      const auto it = merges.find(pair_key(word.ids[i], word.ids[i + 1]));
      if (it != merges.end() && it->second.rank < best_rank) {
        best_rank = it->second.rank;
        first = word.ids[i];
        second = word.ids[i + 1];
        merged = it->second.merged;
      }
    }
    if (best_rank == std::numeric_limits<int32_t>::max()) break;
    BpeWord next;
    next.ids.reserve(word.ids.size());
    next.bytes.reserve(word.ids.size());
    for (size_t i = 0; i < word.ids.size();) {
      if (i + 1 < word.ids.size() && word.ids[i] == first && word.ids[i + 1] == second) {
        next.ids.push_back(merged);
        next.bytes.push_back(word.bytes[i] + word.bytes[i + 1]);
        i += 2;
      } else {
        next.ids.push_back(word.ids[i]);
        next.bytes.push_back(word.bytes[i]);
        i += 1;
      }
    }
    word = std::move(next);
  }
  if (!word_end) return word;
  std::lock_guard<std::mutex> lock(cache_mutex);
  if (cache.size() >= kMaxCacheEntries) cache.clear();
  cache.emplace(pretoken, word);
  return word;
}

ClipTokenizer::ClipTokenizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ClipTokenizer::ClipTokenizer(ClipTokenizer&&) noexcept = default;
ClipTokenizer& ClipTokenizer::operator=(ClipTokenizer&&) noexcept = default;
ClipTokenizer::~ClipTokenizer() = default;

std::vector<TokenSpan> ClipTokenizer::encode_spans(const std::string& text) const {
  return impl_->encode_spans(text, std::numeric_limits<size_t>::max());
}

std::vector<TokenSpan> ClipTokenizer::Impl::encode_spans(const std::string& text, size_t max_tokens) const {
  const tokenizer_text::TrackedText norm = tokenizer_text::normalize(text);
  const auto origin_of = [&](size_t pos) { return pos < norm.origin.size() ? size_t(norm.origin[pos]) : text.size(); };
  std::vector<TokenSpan> out;
  MatchData md(pattern);
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(norm.text.data());
  size_t offset = 0;
  while (offset < norm.text.size() && out.size() < max_tokens) {
    const int rc =
        pcre2_match(pattern, subject, norm.text.size(), offset, PCRE2_NO_UTF_CHECK, md.data, nullptr);
    if (rc == PCRE2_ERROR_NOMATCH) break;
    if (rc < 0) {
      PCRE2_UCHAR msg[256];
      pcre2_get_error_message(rc, msg, sizeof(msg));
      throw TokenizerError(std::string("PCRE2 match failed: ") + reinterpret_cast<const char*>(msg));
    }
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md.data);
    const size_t begin = ov[0], end = ov[1];
    if (end == begin) {  // the pattern has no empty alternative; guard anyway
      offset = end + 1;
      continue;
    }
    // Each token covers at most max_token_bytes bytes, so the first
    // `remaining` tokens of a word lie in its first remaining *
    // max_token_bytes bytes. A longer word (a multi-MB run of letters) is
    // BPE'd only on twice that prefix: the reference would BPE all of it,
    // which is quadratic, and then drop everything past the context.
    const size_t remaining = max_tokens - out.size();
    const size_t reach = remaining > (std::numeric_limits<size_t>::max() / 2) / max_token_bytes
                             ? std::numeric_limits<size_t>::max()
                             : 2 * remaining * max_token_bytes;
    const bool cut = end - begin > reach;
    const BpeWord word = bpe(norm.text.substr(begin, cut ? reach : end - begin), !cut);
    size_t pos = begin;
    for (size_t i = 0; i < word.ids.size() && out.size() < max_tokens; ++i) {
      const size_t next = pos + word.bytes[i];
      out.push_back(TokenSpan{word.ids[i], origin_of(pos), next < norm.text.size() ? origin_of(next) : text.size()});
      pos = next;
    }
    offset = end;
  }
  return out;
}

std::vector<int32_t> ClipTokenizer::encode(const std::string& text) const {
  std::vector<int32_t> ids;
  for (const TokenSpan& s : encode_spans(text)) ids.push_back(s.id);
  return ids;
}

std::vector<int32_t> ClipTokenizer::ids(const std::string& text) const {
  std::vector<int32_t> out{impl_->sot};
  const std::vector<int32_t> body = encode(text);
  out.insert(out.end(), body.begin(), body.end());
  out.push_back(impl_->eot);
  return out;
}

std::vector<int32_t> ClipTokenizer::context_ids(const std::string& text, size_t context, Overflow overflow,
                                                bool* truncated) const {
  if (context < 2) throw TokenizerError("context length must be at least 2 (SOT and EOT)");
  // context - 2 tokens fit between SOT and EOT; one more tells that the text
  // does not fit. Nothing past that is tokenized.
  const std::vector<TokenSpan> spans = impl_->encode_spans(text, context - 1);
  if (spans.size() > context - 2 && overflow == Overflow::Error) {
    const std::string head = text.substr(0, 60);
    throw TokenizerError("text is longer than the context of " + std::to_string(context) + " tokens: \"" +
                         head + (text.size() > 60 ? "...\"" : "\""));
  }
  if (truncated) *truncated = spans.size() > context - 2;
  std::vector<int32_t> out{impl_->sot};
  for (size_t i = 0; i < spans.size() && i < context - 2; ++i) out.push_back(spans[i].id);
  out.push_back(impl_->eot);
  out.resize(context, 0);
  return out;
}

TokenCount ClipTokenizer::count(const std::string& text, size_t context) const {
  const std::vector<TokenSpan> spans = encode_spans(text);
  TokenCount c;
  c.context = context;
  c.tokens = spans.size() + 2;
  c.fits = c.tokens <= context;
  if (!c.fits) c.truncated_at = context >= 2 ? spans[context - 2].begin : 0;
  return c;
}

std::string ClipTokenizer::decode(const std::vector<int32_t>& ids) const {
  std::string joined;
  for (int32_t id : ids) joined += token_string(id);
  std::string bytes;
  for (size_t pos = 0; pos < joined.size();) {
    size_t len = 1;
    const uint32_t cp = tokenizer_text::decode_at(joined, pos, &len);
    const auto it = impl_->unicode_to_byte.find(cp);
    if (it != impl_->unicode_to_byte.end()) bytes += static_cast<char>(it->second);
    pos += len;
  }
  std::string text = tokenizer_text::from_utf8(bytes).text;
  std::string out;
  for (size_t pos = 0;;) {
    const size_t w = text.find("</w>", pos);
    if (w == std::string::npos) {
      out.append(text, pos, std::string::npos);
      break;
    }
    out.append(text, pos, w - pos);
    out += ' ';
    pos = w + 4;
  }
  return out;
}

int32_t ClipTokenizer::sot() const { return impl_->sot; }
int32_t ClipTokenizer::eot() const { return impl_->eot; }
size_t ClipTokenizer::vocab_size() const { return impl_->id_to_token.size(); }
size_t ClipTokenizer::merge_count() const { return impl_->merge_count; }
const std::string& ClipTokenizer::source() const { return impl_->source; }

const std::string& ClipTokenizer::token_string(int32_t id) const {
  if (id < 0 || static_cast<size_t>(id) >= impl_->id_to_token.size())
    throw TokenizerError("token id " + std::to_string(id) + " is outside the vocabulary of " +
                         std::to_string(impl_->id_to_token.size()));
  return impl_->id_to_token[static_cast<size_t>(id)];
}

}  // namespace plumage::data
