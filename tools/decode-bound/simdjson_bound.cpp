// What simdjson 3 (Debian's libsimdjson-dev) takes on this machine for the decode bench's input: the whole JSONL
// file loaded into a padded buffer, then every line parsed with the DOM parser (full validation, a tape per document)
// and, with a second argument, event.type and event.subject compared as the bench's filter does. Prints the CPU
// seconds of the parse alone (the figure to compare) and with the load (which reads the file whole, so costs more
// than the streaming reads of the bench's decoders would).
#include <simdjson.h>
#include <cstdio>
#include <ctime>
#include <string_view>
using namespace simdjson;
static double cpu() { timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec / 1e9; }
int main(int argc, char **argv) {
    double loadStart = cpu();
    padded_string json;
    if (padded_string::load(argv[1]).get(json)) { std::fprintf(stderr, "load failed\n"); return 1; }
    bool filter = argc > 2;
    double start = cpu();
    dom::parser parser;
    dom::document_stream stream;
    if (parser.parse_many(json, 1 << 20).get(stream)) { std::fprintf(stderr, "parse_many failed\n"); return 1; }
    size_t events = 0, matched = 0, errors = 0;
    for (auto doc : stream) {
        dom::element element;
        if (doc.get(element)) { errors++; continue; }
        events++;
        if (filter) {
            std::string_view type, subject;
            if (!element["event"]["type"].get(type) && type == "Microsoft.DigitalTwins.Twin.Update"
                && !element["event"]["subject"].get(subject) && subject == "room-007") matched++;
        }
    }
    double parse = cpu() - start, total = cpu() - loadStart;
    std::printf("simdjson %d.%d.%d (%s): events %zu matched %zu errors %zu, %.3f s CPU for parsing (%.0f MB/s), %.3f s CPU with reading the file\n",
                SIMDJSON_VERSION_MAJOR, SIMDJSON_VERSION_MINOR, SIMDJSON_VERSION_REVISION,
                simdjson::get_active_implementation()->name().c_str(), events, matched, errors, parse,
                json.size() / parse / 1e6, total);
}
