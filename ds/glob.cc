// Glob matching: see glob.h for the pattern language and the Redis quirks being reproduced.
#include "ds/glob.h"

#include <cstddef>

namespace ringkv::ds {
namespace {

// Redis 7.0.9+ gives up (no match) past this many nested '*' recursions.
constexpr int kMaxStarNesting = 1000;

// ASCII-only folding, the C locale's tolower: bytes >= 0x80 (negative as signed char) are left alone.
int FoldCase(int c) { return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c; }

// Redis's pattern is an sds, so reading one byte past its end yields the terminating NUL; several checks
// (a '*' followed by '*', trailing stars) rely on that. This matcher reads the pattern only through At(),
// which returns that same NUL past the end, so a string_view that is not NUL-terminated behaves identically.
class Matcher {
 public:
  Matcher(std::string_view pattern, std::string_view str, bool nocase)
      : pat_(pattern), str_(str), nocase_(nocase) {}

  bool Run() { return Match(0, 0, 0); }

 private:
  char At(size_t i) const { return i < pat_.size() ? pat_[i] : '\0'; }

  bool SameByte(char p, char s) const {
    if (!nocase_) return p == s;
    return FoldCase(static_cast<signed char>(p)) == FoldCase(static_cast<signed char>(s));
  }

  // Matches pat_[pi..] against str_[si..]. Invariant: pi <= pat_.size() and si <= str_.size().
  bool Match(size_t pi, size_t si, int nesting) {
    if (nesting > kMaxStarNesting) return false;
    const size_t plen = pat_.size();
    const size_t slen = str_.size();

    // Like Redis, the loop runs only while both sides have bytes left; whatever is left of the pattern once
    // the subject runs out must be nothing but '*' (stripped below) for a match.
    while (pi < plen && si < slen) {
      const char pc = pat_[pi];
      if (pc == '*') {
        while (At(pi + 1) == '*') ++pi;
        if (pi + 1 == plen) return true;  // A trailing '*' swallows the rest.
        for (size_t start = si; start < slen; ++start) {
          if (Match(pi + 1, start, nesting + 1)) return true;
          // A deeper '*' already proved the rest cannot match from anywhere later: stop here too.
          if (skip_longer_) return false;
        }
        // The rest of the pattern matched from no position of the remaining subject. Any enclosing '*'
        // would only retry us from later positions, which is a subset of what was just tried.
        skip_longer_ = true;
        return false;
      }
      if (pc == '?') {
        ++si;
      } else if (pc == '[') {
        if (!MatchClass(&pi, str_[si])) return false;
        ++si;
      } else {
        // A '\' escapes the next byte unless it is the last byte of the pattern, where it is literal.
        if (pc == '\\' && plen - pi >= 2) ++pi;
        if (!SameByte(pat_[pi], str_[si])) return false;
        ++si;
      }
      ++pi;
      if (si == slen) {
        while (At(pi) == '*') ++pi;
        break;
      }
    }
    return pi == plen && si == slen;
  }

  // Matches one subject byte against the class opening at *pi ('['). On return *pi is at the closing ']'
  // (or, for an unterminated class, at the last pattern byte), so the caller's ++pi moves past the class.
  bool MatchClass(size_t* pi_inout, char subject) const {
    const size_t plen = pat_.size();
    size_t pi = *pi_inout + 1;
    const bool negate = At(pi) == '^';
    if (negate) ++pi;
    bool matched = false;
    for (;;) {
      const char pc = At(pi);
      if (pc == '\\' && plen - pi >= 2) {
        // Escaped byte inside a class: Redis compares it exactly, ignoring nocase.
        ++pi;
        if (pat_[pi] == subject) matched = true;
      } else if (pc == ']') {
        break;
      } else if (pi == plen) {
        // Unterminated class: step back so the caller's increment lands exactly on the end.
        --pi;
        break;
      } else if (plen - pi >= 3 && pat_[pi + 1] == '-') {
        // Range; bytes are signed chars as in Redis's x86-64 build, and reversed bounds are swapped.
        int lo = static_cast<signed char>(pat_[pi]);
        int hi = static_cast<signed char>(pat_[pi + 2]);
        int c = static_cast<signed char>(subject);
        if (lo > hi) {
          const int t = lo;
          lo = hi;
          hi = t;
        }
        if (nocase_) {
          lo = FoldCase(lo);
          hi = FoldCase(hi);
          c = FoldCase(c);
        }
        pi += 2;
        if (c >= lo && c <= hi) matched = true;
      } else if (SameByte(pc, subject)) {
        matched = true;
      }
      ++pi;
    }
    *pi_inout = pi;
    return negate ? !matched : matched;
  }

  std::string_view pat_;
  std::string_view str_;
  bool nocase_;
  // Set once some '*' has exhausted the subject without a match; read by every enclosing '*'.
  bool skip_longer_ = false;
};

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view str, bool nocase) {
  return Matcher(pattern, str, nocase).Run();
}

}  // namespace ringkv::ds
