// tests/unit/fake_transport.h — the one fake: an api::Transport that records requests and lets
// the test answer them, later, as the browser would (never inside send()).
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <utility>

#include "api/transport.h"

struct FakeTransport : api::Transport {
    struct Pending {
        api::HttpRequest request;
        std::function<void(api::HttpResponse)> done;
    };
    std::deque<Pending> pending;
    std::vector<api::HttpRequest> sent;

    void send(api::HttpRequest request, std::function<void(api::HttpResponse)> done) override {
        sent.push_back(request);
        pending.push_back({std::move(request), std::move(done)});
    }

    // Answer the oldest pending request.
    void answer(int status, std::string body, api::Headers headers = {}) {
        api::HttpResponse r;
        r.status = status;
        r.body = std::move(body);
        r.headers = std::move(headers);
        answer(std::move(r));
    }
    void answer(api::HttpResponse r) {
        ASSERT_FALSE(pending.empty()) << "no request is waiting for an answer";
        auto p = std::move(pending.front());
        pending.pop_front();
        p.done(std::move(r));
    }
    // Answer the oldest pending request whose URL `matches`; false when none does.
    template <class Match>
    bool answerWhere(Match matches, int status, std::string body, api::Headers headers = {}) {
        for (auto it = pending.begin(); it != pending.end(); ++it) {
            if (!matches(it->request.url)) continue;
            auto p = std::move(*it);
            pending.erase(it);
            api::HttpResponse r;
            r.status = status;
            r.body = std::move(body);
            r.headers = std::move(headers);
            p.done(std::move(r));
            return true;
        }
        return false;
    }
    void fail(api::TransportError e) {
        api::HttpResponse r;
        r.error = e;
        answer(std::move(r));
    }
};
