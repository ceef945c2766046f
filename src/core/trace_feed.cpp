// core/trace_feed.cpp — see trace_feed.h.
#include "core/trace_feed.h"

#include "core/app.h"
#include "core/app_internal.h"

namespace core {

size_t TraceState::loading() const {
    size_t n = 0;
    for (const File& f : files) n += f.loading ? 1 : 0;
    return n;
}

void TraceFeed::watchKeys(const Route& route, std::vector<Watch>&) {
    TraceState& t = host_.state.trace;
    if (t.syncId != 0 && (route.view != View::Log || route.syncId != t.syncId)) {
        ++generation_;
        t = {};
    }
}

void TraceFeed::reset() {
    ++generation_;
    host_.state.trace = {};
}

void TraceFeed::close() {
    host_.state.trace.open = false;
    host_.changed();
}

void TraceFeed::trace(const std::string& value) {
    TraceState& t = host_.state.trace;
    t.open = true;
    t.value = value;
    fetchFiles();
    recompute();
    host_.changed();
}

void TraceFeed::compare() {
    host_.state.trace.compare = true;
    fetchFiles();
    recompute();
    host_.changed();
}

void TraceFeed::setKey(const std::string& key) {
    host_.state.trace.key = key;
    recompute();
    host_.changed();
}

// Lists the files the held lines stored (once per run, and again for lines that came since) and
// fetches those not asked for yet.
void TraceFeed::fetchFiles() {
    AppState& state = host_.state;
    const LogState* L = state.log.get();
    if (!L || state.auth != AuthState::Ok) return;
    TraceState& t = state.trace;
    if (t.syncId != L->syncId) {
        ++generation_;
        const bool open = t.open, compare = t.compare;
        std::string value = t.value, key = t.key;
        t = {};
        t.open = open;
        t.compare = compare;
        t.value = std::move(value);
        t.key = std::move(key);
        t.syncId = L->syncId;
    }
    t.listed = true;
    const LogStore& store = L->store;
    for (size_t i = 0; i < store.size(); ++i) {
        const LogLineView line = store.line(i);
        if (!line.payload) continue;
        bool known = false;
        for (const TraceState::File& f : t.files) known = known || f.ref.id == line.payload->id;
        if (known) continue;
        TraceState::File f;
        f.ref = *line.payload;
        f.line = line.id;
        t.files.push_back(std::move(f));
    }
    for (size_t i = 0; i < t.files.size(); ++i) {
        TraceState::File& f = t.files[i];
        if (f.loading || f.records || !f.problem.empty()) continue;
        f.loading = true;
        host_.scheduler.noteRequest(host_.now());
        if (state.log) ++state.log->requests;
        const int64_t id = f.ref.id;
        host_.backend.downloadPayload(
            state.credentials, id,
            [this, gen = generation_, id, session = host_.session](Answer<PayloadFile> a) {
                if (!host_.arrived(a, std::nullopt, gen == generation_)) return;
                TraceState& T = host_.state.trace;
                TraceState::File* file = nullptr;
                for (TraceState::File& x : T.files)
                    if (x.ref.id == id) file = &x;
                if (!file) return;
                file->loading = false;
                if (a.error) {
                    if (a.error.kind == ErrorKind::Unauthorized) {
                        host_.unauthorizedIn(session, a.error);
                        return;
                    }
                    file->problem = a.error.kind == ErrorKind::Gone ? "expired"
                                    : a.error.kind == ErrorKind::NotFound
                                        ? "not found"
                                        : "could not be read: " + describe(a.error);
                } else if (a.value.bytes.size() > kTraceFileMaxBytes) {
                    file->problem = "too large to read for a trace";
                } else {
                    // Patchworks Core names neither the file nor its kind on the line: the
                    // answer's name does, and the demo's (and Patchworks') names start with it.
                    if (file->ref.fileName.empty()) {
                        file->ref.fileName = a.value.fileName;
                        const std::string& n = a.value.fileName;
                        if (n.rfind("push", 0) == 0) file->ref.kind = PayloadKind::Push;
                        if (n.rfind("custom", 0) == 0) file->ref.kind = PayloadKind::CustomScript;
                    }
                    file->records =
                        parseRecords(a.value.bytes, a.value.contentType, file->ref.fileName);
                    if (!file->records->ok()) {
                        file->problem = "could not be read: " + file->records->error;
                        file->records.reset();
                    } else if (a.value.capped()) {
                        file->problem = "read only in part (its first 16 MB)";
                    }
                }
                recompute();
                host_.changed();
            });
    }
}

void TraceFeed::recompute() {
    AppState& state = host_.state;
    TraceState& t = state.trace;
    const LogState* L = state.log.get();
    if (!L || t.syncId != L->syncId) return;
    std::vector<TraceFile> files;
    for (const TraceState::File& f : t.files) {
        TraceFile tf;
        tf.id = f.ref.id;
        tf.kind = f.ref.kind;
        tf.fileName = f.ref.fileName;
        tf.line = f.line;
        tf.records = f.records ? &*f.records : nullptr;
        tf.problem = f.loading ? "still loading" : f.problem;
        files.push_back(std::move(tf));
    }
    if (!t.value.empty()) t.result = traceValue(t.value, files, L->store);
    // Pull against push only once it is asked for (it reads every record of every file).
    if (!t.compare || t.loading() != 0) {
        t.diff.reset();
        return;
    }
    // Batches: a pull file and the push files stored after it, before the next pull file.
    std::vector<std::string> unreadable;
    for (const TraceState::File& f : t.files)
        if (f.ref.kind != PayloadKind::CustomScript && !f.records)
            unreadable.push_back(f.ref.fileName + " " + f.problem);
    const std::vector<DiffBatch> batches = diffBatches(files);
    t.diff = diffPullPush(batches, t.key);
    if (!unreadable.empty()) {
        t.diff->missing.clear();
        t.diff->error = unreadable[0] + (unreadable.size() > 1
                                             ? " and " + std::to_string(unreadable.size() - 1) +
                                                   " more files could not be read"
                                             : "");
        t.diff->text = "Pull against push: " + t.diff->error;
    }
}

}  // namespace core
