// core/routes.h — the routes that live in the URL hash, so back/forward and shared links work.
//
//   /services                          services list
//   /services/12                       service summary
//   /services/12/syncs/345             sync log
//   /services/12/syncs/345?line=120    sync log scrolled to line 120 (1-based)
//   /services/12/syncs/345/compare/300 run 345 compared with run 300 (issue 18; a != b)
// Ids are positive int64s in decimal (any id the decoders hold). Anything else is read as
// /services, except that a service id followed by anything not understood (a bad sync id, extra
// parts after a sync) is that service's summary: never a log or a comparison that was not asked
// for. parse(format(r)) == r for every valid route (fuzz target routes).
#pragma once

#include <cstdint>
#include <string>

namespace core {

enum class View { Login, Services, Summary, Log, Compare };
// "login", "services", "summary", "log", "compare"
const char* toString(View v);

struct Route {
    View view = View::Services;  // never Login: login is a state, not a place
    int64_t serviceId = 0;
    int64_t syncId = 0;
    int64_t line = 0;       // 0: none
    int64_t compareId = 0;  // View::Compare: run b (syncId is run a); else 0

    bool operator==(const Route& o) const {
        return view == o.view && serviceId == o.serviceId && syncId == o.syncId && line == o.line &&
               compareId == o.compareId;
    }
    bool operator!=(const Route& o) const { return !(*this == o); }
};

Route parseRoute(const std::string& hashWithoutSharp);
std::string formatRoute(const Route& r);

}  // namespace core
