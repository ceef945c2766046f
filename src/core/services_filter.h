// core/services_filter.h — which services the list shows for the user's search.
//
// Case-insensitive (ASCII and the Latin-1/Greek/Cyrillic letters people type in names) over id,
// type and name, as the product page's services list searches.
#pragma once

#include <string>
#include <vector>

#include "core/model.h"

namespace core {

bool serviceMatches(const Service& s, const std::string& query);
// Indexes into `services` of the rows to show, in order.
std::vector<size_t> filterServices(const std::vector<Service>& services, const std::string& query);
// Lower case of a code point from U+0080–U+07FF (Latin-1, Latin Extended-A, Greek, Cyrillic),
// staying in that range so a UTF-8 string's byte length never changes (İ is left as is).
unsigned foldTwoByteCodePoint(unsigned cp);
// Lower-cases ASCII and the common two-byte UTF-8 letters (Latin-1, Latin Extended-A, Greek,
// Cyrillic), leaving everything else as is. Enough for case-insensitive search in European text.
std::string foldCase(const std::string& utf8);

}  // namespace core
