// core/json_pretty.cpp — see json_pretty.h.
#include "core/json_pretty.h"

#include <cstring>
#include <vector>

namespace core {
namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

class JsonPrettyStepper::Printer {
public:
    Printer(std::string_view t, std::string& out, int indent, int maxDepth)
        : t_(t), out_(out), indent_(indent), maxDepth_(maxDepth) {}

    // Goes on until byte `until` of the text is read (a value at a time, so a little past it);
    // true once finished (result()).
    bool step(size_t until) {
        if (finished_) return true;
        if (!started_) {
            started_ = true;
            out_.clear();
            out_.reserve(t_.size() + t_.size() / 4);
            budget_ = t_.size() * 8 + (1u << 20);
            if (t_.compare(0, 3, "\xEF\xBB\xBF") == 0)
                i_ = 3;  // a byte-order mark, as nlohmann allows
            skipSpace();
            if (!value()) return finish(fail());
        }
        // Containers are walked without recursion: `value` opens them, this loop goes on.
        while (!stack_.empty()) {
            if (i_ >= until) return false;
            skipSpace();
            if (i_ >= t_.size()) return finish(fail());
            const char c = t_[i_];
            const bool object = stack_.back().object;  // (a copy: value() may grow the stack)
            if (c == (object ? '}' : ']')) {
                ++i_;
                stack_.pop_back();
                if (!newline()) return finish(fail());
                out_ += c;
                continue;
            }
            if (c != ',') return finish(fail());
            ++i_;
            out_ += ',';
            if (!newline()) return finish(fail());
            skipSpace();
            if (object ? !member() : !value()) return finish(fail());
        }
        skipSpace();
        if (i_ != t_.size()) return finish(fail());
        return finish({true, 0, false, false});
    }

    JsonPrettyResult run() {
        step(static_cast<size_t>(-1));
        return result_;
    }

    const JsonPrettyResult& result() const { return result_; }
    size_t at() const { return i_; }

private:
    struct Frame {
        bool object;
    };

    JsonPrettyResult fail() const {
        return {false, i_, tooDeep_, tooLarge_, atEnd_ || i_ >= t_.size()};
    }
    bool finish(JsonPrettyResult r) {
        result_ = r;
        finished_ = true;
        return true;
    }

    void skipSpace() {
        while (i_ < t_.size() && isSpace(t_[i_])) ++i_;
    }

    // A token the end of the text cut short (an escape, a literal): the start of a longer file.
    bool cutShort() {
        atEnd_ = true;
        return false;
    }

    // False once the layout would pass its budget.
    bool newline() {
        out_ += '\n';
        out_.append(stack_.size() * static_cast<size_t>(indent_), ' ');
        if (out_.size() > budget_) tooLarge_ = true;
        return !tooLarge_;
    }

    // `"key": value` — the value may open a container.
    bool member() {
        if (i_ >= t_.size() || t_[i_] != '"' || !string()) return false;
        skipSpace();
        if (i_ >= t_.size() || t_[i_] != ':') return false;
        ++i_;
        out_ += ": ";
        skipSpace();
        return value();
    }

    // A scalar, copied; or a container's opening (with its first member or element), pushed.
    bool value() {
        if (i_ >= t_.size()) return false;
        const char c = t_[i_];
        if (c == '{' || c == '[') {
            const bool object = c == '{';
            const size_t opening = i_++;
            skipSpace();
            if (i_ < t_.size() && t_[i_] == (object ? '}' : ']')) {
                ++i_;
                out_ += object ? "{}" : "[]";
                return true;
            }
            if (static_cast<int>(stack_.size()) >= maxDepth_) {
                tooDeep_ = true;
                i_ = opening;
                return false;
            }
            out_ += c;
            stack_.push_back({object});
            if (!newline()) return false;
            return object ? member() : value();
        }
        if (c == '"') return string();
        if (c == '-' || isDigit(c)) return number();
        for (const char* word : {"true", "false", "null"}) {
            const size_t n = std::strlen(word);
            if (t_.compare(i_, n, word) == 0) {
                out_.append(word, n);
                i_ += n;
                return true;
            }
            // `tru` at the very end: the start of a longer file, cut.
            if (t_.size() - i_ < n &&
                t_.compare(i_, std::string_view::npos, word, t_.size() - i_) == 0)
                atEnd_ = true;
        }
        return false;
    }

    bool string() {
        const size_t start = i_++;
        while (i_ < t_.size()) {
            // Runs of plain bytes at once: the bulk of a payload.
            const char* p = t_.data() + i_;
            const char* end = t_.data() + t_.size();
            while (p < end && *p != '"' && *p != '\\' && static_cast<unsigned char>(*p) >= 0x20)
                ++p;
            i_ = static_cast<size_t>(p - t_.data());
            if (i_ >= t_.size()) return false;
            const char c = t_[i_];
            if (c == '"') {
                ++i_;
                out_.append(t_.data() + start, i_ - start);
                return true;
            }
            if (c != '\\') return false;  // a raw control character
            if (i_ + 1 >= t_.size()) return cutShort();
            const char e = t_[i_ + 1];
            if (e == 'u') {
                for (size_t k = i_ + 2; k < i_ + 6; ++k) {
                    if (k >= t_.size()) return cutShort();  // `\u00` at the very end
                    if (!isHex(t_[k])) return false;
                }
                i_ += 6;
            } else if (std::strchr("\"\\/bfnrt", e) && e != '\0') {
                i_ += 2;
            } else {
                return false;
            }
        }
        return false;
    }

    // -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    bool number() {
        const size_t start = i_;
        if (t_[i_] == '-') ++i_;
        if (i_ >= t_.size() || !isDigit(t_[i_])) return false;
        if (t_[i_] == '0') {
            ++i_;
        } else {
            while (i_ < t_.size() && isDigit(t_[i_])) ++i_;
        }
        if (i_ < t_.size() && t_[i_] == '.') {
            ++i_;
            if (i_ >= t_.size() || !isDigit(t_[i_])) return false;
            while (i_ < t_.size() && isDigit(t_[i_])) ++i_;
        }
        if (i_ < t_.size() && (t_[i_] == 'e' || t_[i_] == 'E')) {
            ++i_;
            if (i_ < t_.size() && (t_[i_] == '+' || t_[i_] == '-')) ++i_;
            if (i_ >= t_.size() || !isDigit(t_[i_])) return false;
            while (i_ < t_.size() && isDigit(t_[i_])) ++i_;
        }
        out_.append(t_.data() + start, i_ - start);
        return true;
    }

    std::string_view t_;
    std::string& out_;
    int indent_;
    int maxDepth_;
    size_t i_ = 0;
    bool tooDeep_ = false;
    bool tooLarge_ = false;
    bool atEnd_ = false;
    size_t budget_ = 0;
    std::vector<Frame> stack_;
    bool started_ = false;
    bool finished_ = false;
    JsonPrettyResult result_;
};

JsonPrettyResult prettyPrintJson(std::string_view text, std::string& out, int indent,
                                 int maxDepth) {
    return JsonPrettyStepper::Printer(text, out, indent, maxDepth).run();
}

JsonPrettyStepper::JsonPrettyStepper(std::string_view text, std::string& out, int indent,
                                     int maxDepth)
    : p_(std::make_unique<Printer>(text, out, indent, maxDepth)) {}
JsonPrettyStepper::~JsonPrettyStepper() = default;
bool JsonPrettyStepper::step(size_t until) {
    return p_->step(until);
}
size_t JsonPrettyStepper::at() const {
    return p_->at();
}
const JsonPrettyResult& JsonPrettyStepper::result() const {
    return p_->result();
}

}  // namespace core
