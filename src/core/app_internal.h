// core/app_internal.h — helpers shared by app.cpp and app_live.cpp (not for other code).
#pragma once

#include <string>

#include "core/api_error.h"

namespace core {

// An error as one line for people: the API's message (or the kind) and the HTTP status.
std::string describe(const ApiError& e);

}  // namespace core
