//===- ArrayPrint.cpp - numpy's str() for Array ---------------------------===//
//
// Follows numpy's array2string defaults: precision 8 in 'maxprec' mode
// (shortest round-trip digits, at most 8 after the point), scientific
// notation when the magnitudes call for it, columns aligned, lines wrapped
// at 75 characters, arrays of more than 1000 elements summarized with
// "..." and 3 edge items.
//
//===----------------------------------------------------------------------===//

#include "lib/runtime/DTypes.h"
#include "tensorjit/array.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace tensorjit {
namespace {

constexpr int kPrecision = 8;
constexpr size_t kLineWidth = 75;
constexpr int64_t kThreshold = 1000;
constexpr int64_t kEdgeItems = 3;

/// The shortest round-trip digits of `value` in `format`; `single`: the
/// value is a float32, whose shortest digits differ.
std::string shortest(double value, bool single, std::chars_format format) {
  char buffer[512];
  auto [end, ec] =
      single ? std::to_chars(buffer, buffer + sizeof buffer,
                             static_cast<float>(value), format)
             : std::to_chars(buffer, buffer + sizeof buffer, value, format);
  return std::string(buffer, end);
}

/// Shortest round-trip digits of `value` in fixed notation, rounded to at
/// most kPrecision fractional digits, trailing zeros removed ("0.5", "1.").
std::string positional(double value, bool single) {
  char buffer[512];
  std::string text = shortest(value, single, std::chars_format::fixed);
  size_t point = text.find('.');
  if (point == std::string::npos)
    return text + ".";
  if (text.size() - point - 1 > kPrecision) {
    std::snprintf(buffer, sizeof buffer, "%.*f", kPrecision, value);
    text = buffer;
    text.erase(text.find_last_not_of('0') + 1);
  }
  return text;
}

/// Shortest round-trip digits in scientific notation, at most kPrecision
/// digits after the point, exponent with a sign and 2+ digits ("1.e-20").
std::string scientific(double value, bool single) {
  char buffer[64];
  std::string text = shortest(value, single, std::chars_format::scientific);
  size_t e = text.find('e');
  std::string mantissa = text.substr(0, e), exponent = text.substr(e + 1);
  size_t point = mantissa.find('.');
  if (point == std::string::npos) {
    mantissa += ".";
  } else if (mantissa.size() - point - 1 > kPrecision) {
    std::snprintf(buffer, sizeof buffer, "%.*e", kPrecision, value);
    std::string rounded = buffer;
    mantissa = rounded.substr(0, rounded.find('e'));
    mantissa.erase(mantissa.find_last_not_of('0') + 1);
    exponent = rounded.substr(rounded.find('e') + 1);
  }
  int power = std::stoi(exponent);
  char exp[16];
  std::snprintf(exp, sizeof exp, "e%c%02d", power < 0 ? '-' : '+',
                std::abs(power));
  return mantissa + exp;
}

/// Formats every element with a common width, as numpy's FloatingFormat,
/// IntegerFormat and BoolFormat do.
class ElementFormatter {
public:
  ElementFormatter(const Array &array, const std::vector<int64_t> &shown)
      : array_(array) {
    DType dtype = array.dtype();
    if (dtype == DType::Bool) {
      width_ = 5; // numpy pads True to " True" in arrays
      return;
    }
    if (!is_float(dtype)) {
      for (int64_t i : shown)
        width_ = std::max(width_, std::to_string(integer(i)).size());
      return;
    }
    // Scientific when the finite magnitudes span too much (numpy's rule).
    double maxAbs = 0, minAbs = INFINITY;
    for (int64_t i : shown) {
      double v = std::fabs(value(i));
      if (!std::isfinite(v) || v == 0)
        continue;
      maxAbs = std::max(maxAbs, v);
      minAbs = std::min(minAbs, v);
    }
    scientific_ = maxAbs >= 1e8 ||
                  (maxAbs > 0 && (minAbs < 1e-4 || maxAbs / minAbs > 1e3));
    for (int64_t i : shown) {
      double v = value(i);
      if (!std::isfinite(v)) {
        special_ = std::max(special_, special(v).size());
        continue;
      }
      Parts parts = split(v);
      left_ = std::max(left_, parts.integer.size());
      right_ = std::max(right_, parts.fraction.size());
      exponentDigits_ = std::max(exponentDigits_, parts.exponent.size());
    }
    size_t exponentWidth = scientific_ ? 2 + exponentDigits_ : 0;
    width_ = std::max(special_, left_ + 1 + right_ + exponentWidth);
  }

  std::string operator()(int64_t flat) const {
    DType dtype = array_.dtype();
    std::string text;
    if (dtype == DType::Bool) {
      text = value(flat) != 0 ? "True" : "False";
    } else if (!is_float(dtype)) {
      text = std::to_string(integer(flat));
    } else {
      double v = value(flat);
      if (!std::isfinite(v)) {
        text = special(v);
      } else {
        // Positional: fraction padded with spaces ("0.5       "); scientific:
        // with zeros, exponents to a common width ("1.0e-20 1.5e+00").
        Parts parts = split(v);
        text = std::string(left_ - parts.integer.size(), ' ') + parts.integer +
               "." + parts.fraction;
        if (scientific_)
          text += std::string(right_ - parts.fraction.size(), '0') + "e" +
                  parts.sign +
                  std::string(exponentDigits_ - parts.exponent.size(), '0') +
                  parts.exponent;
        else
          text += std::string(right_ - parts.fraction.size(), ' ');
      }
    }
    return std::string(width_ > text.size() ? width_ - text.size() : 0, ' ') +
           text;
  }

private:
  /// "-12.5" -> {"-12", "5"}; "1.5e-07" -> {"1", "5", "-", "07"}.
  struct Parts {
    std::string integer, fraction, sign, exponent;
  };
  Parts split(double v) const {
    bool single = array_.dtype() == DType::Float32;
    std::string text =
        scientific_ ? scientific(v, single) : positional(v, single);
    Parts parts;
    size_t point = text.find('.'), e = text.find('e');
    parts.integer = text.substr(0, point);
    parts.fraction = text.substr(
        point + 1, e == std::string::npos ? std::string::npos : e - point - 1);
    if (e != std::string::npos) {
      parts.sign = text.substr(e + 1, 1);
      parts.exponent = text.substr(e + 2);
    }
    return parts;
  }

  static std::string special(double v) {
    return std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf");
  }
  double value(int64_t i) const {
    return detail::load_double(array_.dtype(), array_.raw_data(), i);
  }
  int64_t integer(int64_t i) const {
    return detail::load_int(array_.dtype(), array_.raw_data(), i);
  }

  const Array &array_;
  bool scientific_ = false;
  size_t left_ = 0, right_ = 0, exponentDigits_ = 0, special_ = 0;
  size_t width_ = 0;
};

/// The flat indices numpy shows (all, or the edges of each axis).
void shownIndices(const Shape &shape, bool summarize, size_t axis, int64_t base,
                  std::vector<int64_t> &out) {
  if (axis == shape.size()) {
    out.push_back(base);
    return;
  }
  int64_t size = shape[axis];
  for (int64_t i = 0; i < size; ++i) {
    if (summarize && size > 2 * kEdgeItems && i == kEdgeItems)
      i = size - kEdgeItems;
    shownIndices(shape, summarize, axis + 1, base * size + i, out);
  }
}

class Printer {
public:
  Printer(const Array &array, const ElementFormatter &format, bool summarize)
      : array_(array), format_(format), summarize_(summarize) {}

  std::string print() {
    std::string out;
    recurse(0, 0, "", out);
    return out;
  }

private:
  /// numpy's _formatArray: `indent` is the prefix of continuation lines.
  void recurse(size_t axis, int64_t base, const std::string &indent,
               std::string &out) {
    const Shape &shape = array_.shape();
    int64_t size = shape[axis];
    bool cut = summarize_ && size > 2 * kEdgeItems;
    std::string nextIndent = indent + " ";
    if (axis + 1 == shape.size()) {
      std::string line = indent + "[";
      out += "[";
      size_t lineLength = line.size();
      for (int64_t i = 0; i < size; ++i) {
        std::string word;
        if (cut && i == kEdgeItems) {
          word = "...";
          i = size - kEdgeItems - 1;
        } else {
          word = format_(base * size + i);
        }
        // numpy: each nesting level narrows the line by one, and one
        // column stays free for the closing bracket.
        size_t width = kLineWidth - axis - 1;
        if (i > 0) {
          if (lineLength + 1 + word.size() > width) {
            out += "\n" + nextIndent;
            lineLength = nextIndent.size();
          } else {
            out += " ";
            lineLength += 1;
          }
        }
        out += word;
        lineLength += word.size();
      }
      out += "]";
      return;
    }
    out += "[";
    // As numpy: a newline per axis below this one (blank lines between
    // blocks of more than one dimension).
    std::string separator(shape.size() - axis - 1, '\n');
    for (int64_t i = 0; i < size; ++i) {
      if (i > 0)
        out += separator + nextIndent;
      if (cut && i == kEdgeItems) {
        out += "...";
        out += separator + nextIndent;
        i = size - kEdgeItems;
      }
      recurse(axis + 1, base * size + i, nextIndent, out);
    }
    out += "]";
  }

  const Array &array_;
  const ElementFormatter &format_;
  bool summarize_;
};

/// str() of a 0-d array: the scalar's repr (34.0, 34, True).
std::string scalarString(const Array &array) {
  DType dtype = array.dtype();
  if (dtype == DType::Bool)
    return array.item<bool>() ? "True" : "False";
  if (!is_float(dtype))
    return std::to_string(array.item<int64_t>());
  double v = array.item<double>();
  if (std::isnan(v))
    return "nan";
  if (std::isinf(v))
    return v > 0 ? "inf" : "-inf";
  char buffer[64];
  auto [end, ec] =
      dtype == DType::Float32
          ? std::to_chars(buffer, buffer + sizeof buffer, array.item<float>())
          : std::to_chars(buffer, buffer + sizeof buffer, v);
  std::string text(buffer, end);
  // Python's repr: scientific outside [1e-4, 1e16), and always a point.
  double magnitude = std::fabs(v);
  if (magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e16)) {
    std::string text = scientific(v, dtype == DType::Float32);
    // Python's repr writes 1e-05, not 1.e-05.
    if (size_t point = text.find(".e"); point != std::string::npos)
      text.erase(point, 1);
    return text;
  }
  if (text.find_first_of(".e") == std::string::npos)
    text += ".0";
  return text;
}

} // namespace

std::string Array::str() const {
  if (ndim() == 0)
    return scalarString(*this);
  if (size_ == 0)
    return "[]";
  bool summarize = size_ > kThreshold;
  std::vector<int64_t> shown;
  shownIndices(shape_, summarize, 0, 0, shown);
  ElementFormatter format(*this, shown);
  return Printer(*this, format, summarize).print();
}

} // namespace tensorjit
