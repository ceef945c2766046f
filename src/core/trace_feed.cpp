// core/trace_feed.cpp — see trace_feed.h.
#include "core/trace_feed.h"

#include "core/app.h"
#include "core/app_internal.h"

namespace core {

size_t TraceState::loading() const {
    size_t n = 0;
    for (const File& f : files) n += f.done() ? 0 : 1;
    return n;
}

namespace {

ResourceKey fileKey(int64_t fileId) {
    return {ResourceKey::Kind::TraceFile, fileId};
}

}  // namespace

// The route left this run's log: what was held for it goes. On it, with the files listed, the
// first kTraceFilesAtOnce files still to read are the scheduler's (Once) keys: as each is read
// (or given up), rewatch() brings the next.
void TraceFeed::watchKeys(const Route& route, std::vector<Watch>& keys) {
    TraceState& t = host_.state.trace;
    if (t.syncId != 0 && (route.view != View::Log || route.syncId != t.syncId)) {
        ++generation_;
        t = {};
        return;
    }
    if (!t.listed) return;
    size_t n = 0;
    for (const TraceState::File& f : t.files) {
        if (f.done()) continue;
        if (n++ == kTraceFilesAtOnce) break;
        Watch w;
        w.key = fileKey(f.ref.id);
        w.once = true;
        keys.push_back(w);
    }
}

bool TraceFeed::dispatch(const ResourceKey& k, TimeMs) {
    if (k.kind != ResourceKey::Kind::TraceFile) return false;
    for (TraceState::File& f : host_.state.trace.files)
        if (f.ref.id == k.id && !f.done()) {
            download(f);
            return true;
        }
    return false;
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
    listFiles();
    recompute();
    host_.changed();
}

void TraceFeed::compare() {
    host_.state.trace.compare = true;
    listFiles();
    recompute();
    host_.changed();
}

void TraceFeed::setKey(const std::string& key) {
    host_.state.trace.key = key;
    recompute();
    host_.changed();
}

// Lists the files the held lines stored (once per run, and again for lines that came since); the
// scheduler then fetches those not read yet (watchKeys, dispatch).
void TraceFeed::listFiles() {
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
        if (t.files.size() >= kTraceMaxFiles)
            f.problem = "not read: a trace reads the first " + std::to_string(kTraceMaxFiles) +
                        " files of a run";
        t.files.push_back(std::move(f));
    }
    host_.rewatch();
}

void TraceFeed::download(TraceState::File& file) {
    AppState& state = host_.state;
    file.loading = true;
    if (state.log) ++state.log->requests;
    const int64_t id = file.ref.id;
    host_.backend.downloadPayload(
        state.credentials, id,
        [this, gen = generation_, id, session = host_.session](Answer<PayloadFile> a) {
            const ResourceKey key = fileKey(id);
            TraceState& T = host_.state.trace;
            TraceState::File* file = nullptr;
            for (TraceState::File& x : T.files)
                if (x.ref.id == id) file = &x;
            if (!host_.arrived(a, key, gen == generation_ && file)) return;
            file->loading = false;
            if (a.error) {
                const Failure failure = failureFrom(a.error);
                host_.scheduler.failed(key, host_.now(), failure);
                if (a.error.kind == ErrorKind::Unauthorized) {
                    host_.unauthorizedIn(session, a.error);
                    return;
                }
                if (failure.kind != FailureKind::Other) {
                    // 5xx, network, timeout, 429: the scheduler tries it again (after the hold).
                    file->retrying = describe(a.error);
                    host_.changed();
                    return;
                }
                file->problem = a.error.kind == ErrorKind::Gone ? "expired"
                                : a.error.kind == ErrorKind::NotFound
                                    ? "not found"
                                    : "could not be read: " + describe(a.error);
            } else {
                host_.scheduler.succeeded(key, host_.now(), false);
                file->retrying.clear();
                if (a.value.bytes.size() > kTraceFileMaxBytes) {
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
            }
            recompute();
            host_.rewatch();  // the next file
            host_.changed();
        });
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
        tf.problem =
            !f.done() ? (f.retrying.empty() ? "still loading"
                                            : "still loading (retrying after: " + f.retrying + ")")
                      : f.problem;
        files.push_back(std::move(tf));
    }
    if (!t.value.empty()) {
        scanLog(t.value, L->store, t.logScan);
        t.result = traceValue(t.value, files, t.logScan);
    }
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
