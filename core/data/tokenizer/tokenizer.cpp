// CLIP tokenization: normalize, split with the reference pattern, BPE each
// piece (with a cache), add SOT/EOT and fit to the context.
#include "core/data/tokenizer/tokenizer_impl.h"

#include "core/data/tokenizer/tokenizer_text.h"

#include <algorithm>
#include <functional>
#include <queue>
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

// The reference (simple_tokenizer.bpe) repeatedly takes the lowest-ranked
// adjacent pair and merges all its occurrences left to right in one pass;
// rescanning the word per pass is quadratic in its length. Here every
// adjacent pair that is a merge waits in a heap keyed (rank, position); one
// round pops all entries of the lowest rank (one pair, since a rank names a
// pair), merges the still-valid ones left to right and only then queues the
// pairs the round created, exactly as the next reference pass would see
// them. O(n log n) for a word of n bytes, same ids.
BpeWord ClipTokenizer::Impl::merge_all(BpeWord word) const {
  const size_t n = word.ids.size();
  if (n < 2) return word;
  std::vector<size_t> prev(n), next(n);
  std::vector<bool> alive(n, true);
  for (size_t i = 0; i < n; ++i) {
    prev[i] = i - 1;  // wraps for i == 0: "none"
    next[i] = i + 1;  // n: "none"
  }
  const size_t none = static_cast<size_t>(-1);
  prev[0] = none;
  struct Entry {
    int32_t rank;
    size_t left;
    int32_t a, b;  // the ids it was queued for; stale when they changed
    bool operator>(const Entry& o) const { return rank != o.rank ? rank > o.rank : left > o.left; }
  };
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap;
  const auto queue_pair = [&](size_t left) {
    if (left == none || next[left] >= n) return;
    const int32_t a = word.ids[left], b = word.ids[next[left]];
    const auto it = merges.find(pair_key(a, b));
    if (it != merges.end()) heap.push(Entry{it->second.rank, left, a, b});
  };
  for (size_t i = 0; i + 1 < n; ++i) queue_pair(i);
  std::vector<size_t> merged_at;
  while (!heap.empty()) {
    const int32_t rank = heap.top().rank;
    merged_at.clear();
    while (!heap.empty() && heap.top().rank == rank) {
      const Entry e = heap.top();
      heap.pop();
      const size_t r = next[e.left];
      // Stale: the left symbol was merged away or changed, or its right
      // neighbour changed (an earlier merge of this round took it).
      if (!alive[e.left] || r >= n || word.ids[e.left] != e.a || word.ids[r] != e.b) continue;
      word.ids[e.left] = merges.at(pair_key(e.a, e.b)).merged;
      word.bytes[e.left] += word.bytes[r];
      alive[r] = false;
      next[e.left] = next[r];
      if (next[r] < n) prev[next[r]] = e.left;
      merged_at.push_back(e.left);
    }
    for (size_t left : merged_at) {
      if (!alive[left]) continue;
      queue_pair(prev[left]);
      queue_pair(left);
    }
  }
  BpeWord out;
  for (size_t i = 0; i < n; i = next[i]) {
    out.ids.push_back(word.ids[i]);
    out.bytes.push_back(word.bytes[i]);
  }
  return out;
}

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
  word = merge_all(std::move(word));
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
  // Counting stops past kCountReach contexts: beyond that a UI only needs
  // "too long", and a multi-MB word costs no more than a short text.
  const size_t reach = context > std::numeric_limits<size_t>::max() / (2 * kCountReach) ? std::numeric_limits<size_t>::max() - 1
                                                                                         : kCountReach * context;
  const std::vector<TokenSpan> spans = impl_->encode_spans(text, reach + 1);
  TokenCount c;
  c.context = context;
  c.exact = spans.size() <= reach;
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
