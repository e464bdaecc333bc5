/* libxml2 reports most errors through the SAX structured-error callback, but encoding conversion failures come with
   no parser context and a few messages go straight to the per-thread generic channel, whose default prints to
   stderr. While one of our libxml2 calls runs, both channels of the calling thread point at the call's
   DLXMLErrorRecord; the previous handlers are put back afterwards, so other libxml2 users on the thread see no
   change. A Swift task may move between threads between two calls, never during one, so per-call is enough. */
#include "CListBlobsSAX.h"
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Only what the error itself carries: the parser's position is read after the libxml2 call has returned
   (`dl_complete_position`). Inside the callback the input may be mid-conversion: an encoding error is raised while
   libxml2 grows (reallocates) the input buffer, and xmlByteConsumed then reads freed memory (found by the
   list-blobs fuzzer under AddressSanitizer, Fixtures/bad/fuzz/list-blobs/utf-7-encoding-error-mid-conversion). */
static void dl_record_position(DLXMLErrorRecord *record, int line, int column) {
    record->line = line;
    record->column = column;
    record->byteOffset = -1;
}

static void dl_complete_position(DLXMLErrorRecord *record, xmlParserCtxtPtr context) {
    if (!record->captured || context == NULL || context->input == NULL) return;
    if (record->line <= 0) {
        record->line = xmlSAX2GetLineNumber(context);
        record->column = xmlSAX2GetColumnNumber(context);
    }
    record->byteOffset = xmlByteConsumed(context);
}

static void dl_trim_message(DLXMLErrorRecord *record) {
    size_t length = strlen(record->message);
    while (length > 0 && (record->message[length - 1] == '\n' || record->message[length - 1] == ' ')) {
        record->message[--length] = '\0';
    }
}

static void dl_capture_structured(void *userData, xmlErrorPtr error) {
    DLXMLErrorRecord *record = userData;
    if (record == NULL || error == NULL || record->captured || error->level < XML_ERR_ERROR) return;
    record->captured = 1;
    record->code = error->code;
    snprintf(record->message, sizeof record->message, "%s",
             error->message != NULL ? error->message : "libxml2 gave no message");
    dl_trim_message(record);
    dl_record_position(record, error->line, error->int2);
}

void dl_xml_record_error(DLXMLErrorRecord *errors, void *error) {
    dl_capture_structured(errors, error);
}

static void XMLCDECL dl_capture_generic(void *userData, const char *format, ...) {
    DLXMLErrorRecord *record = userData;
    if (record == NULL || record->captured) return;
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(record->message, sizeof record->message, format, arguments);
    va_end(arguments);
    dl_trim_message(record);
    if (record->message[0] == '\0') return;  /* a fragment of a message still to come */
    record->captured = 1;
    record->code = 0;
    dl_record_position(record, 0, 0);
}

typedef struct DLSavedHandlers {
    xmlGenericErrorFunc generic;
    void *genericContext;
    xmlStructuredErrorFunc structured;
    void *structuredContext;
} DLSavedHandlers;

static DLSavedHandlers dl_install(DLXMLErrorRecord *errors) {
    DLSavedHandlers saved = { xmlGenericError, xmlGenericErrorContext, xmlStructuredError, xmlStructuredErrorContext };
    xmlSetGenericErrorFunc(errors, dl_capture_generic);
    xmlSetStructuredErrorFunc(errors, dl_capture_structured);
    return saved;
}

static void dl_restore(DLSavedHandlers saved) {
    xmlSetGenericErrorFunc(saved.genericContext, saved.generic);
    xmlSetStructuredErrorFunc(saved.structuredContext, saved.structured);
}

void *dl_xml_quiet_create_push_context(void *saxHandler, void *userData, const char *firstChunk, int size,
                                       DLXMLErrorRecord *errors) {
    DLSavedHandlers saved = dl_install(errors);
    errors->parserContext = NULL;
    xmlParserCtxtPtr context = xmlCreatePushParserCtxt((xmlSAXHandlerPtr)saxHandler, userData, firstChunk, size, NULL);
    dl_restore(saved);
    return context;
}

int dl_xml_quiet_parse_chunk(void *parserContext, const char *chunk, int size, int terminate, DLXMLErrorRecord *errors) {
    DLSavedHandlers saved = dl_install(errors);
    errors->parserContext = parserContext;
    int result = xmlParseChunk((xmlParserCtxtPtr)parserContext, chunk, size, terminate);
    errors->parserContext = NULL;
    dl_restore(saved);
    dl_complete_position(errors, (xmlParserCtxtPtr)parserContext);
    return result;
}
