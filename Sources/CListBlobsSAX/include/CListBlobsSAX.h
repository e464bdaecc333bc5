#ifndef DEADLETTER_CLISTBLOBSSAX_H
#define DEADLETTER_CLISTBLOBSSAX_H
/* Two helpers for the libxml2 push parser that Swift cannot write itself, kept free of libxml2's headers (Swift
   modules that import Foundation cannot see them, see Sources/CLibXML2/shim.h): parser contexts and SAX handlers
   travel as plain pointers.

   1. Quiet parsing: libxml2 prints some errors (encoding conversion, "xmlParseChunk: encoder error") straight to
      stderr through its per-thread generic handler, bypassing the SAX error callback. These wrappers install
      capturing handlers on the calling thread for the duration of one libxml2 call, so every diagnosis lands in a
      `DLXMLErrorRecord` and nothing is printed.
   2. The List Blobs element state machine as SAX callbacks (ListBlobsSAX.c): it recognises the known elements by
      libxml2's interned name pointers and appends each value to a text arena plus a compact record, so Swift is
      called once per parsed chunk instead of once per element. */
#include <stddef.h>
#include <stdint.h>

#define DL_XML_ERROR_MESSAGE_CAPACITY 400

/** The first error libxml2 reported during the calls made through the `dl_xml_quiet_*` wrappers. */
typedef struct DLXMLErrorRecord {
    /** 1 once an error is kept; later ones are consequences of the first and are dropped. */
    int captured;
    /** libxml2's xmlParserErrors code, 0 when the message came from libxml2's printf-style generic channel. */
    int code;
    int line;
    int column;
    /** Bytes of the document libxml2 had consumed when it reported the error; -1 when unknown. */
    long byteOffset;
    /** The parser context of the call in progress (to compute `byteOffset`); set by the wrappers. */
    void *parserContext;
    /** NUL-terminated, trailing newline removed. */
    char message[DL_XML_ERROR_MESSAGE_CAPACITY];
} DLXMLErrorRecord;

/** xmlCreatePushParserCtxt with errors captured in `errors` (xmlSAXHandler *, returns xmlParserCtxtPtr). */
void *dl_xml_quiet_create_push_context(void *saxHandler, void *userData, const char *firstChunk, int size,
                                       DLXMLErrorRecord *errors);
/** xmlParseChunk with errors captured in `errors`. */
int dl_xml_quiet_parse_chunk(void *parserContext, const char *chunk, int size, int terminate, DLXMLErrorRecord *errors);
/** Keeps `error` (an xmlErrorPtr) as the record's first error unless one is kept already or it is a warning: for
    SAX handlers whose own structured-error callback receives the parser's errors. */
void dl_xml_record_error(DLXMLErrorRecord *errors, void *error);
/** The message of a captured error. */
static inline const char *dl_xml_error_message(const DLXMLErrorRecord *errors) { return errors->message; }

/** What one record of a List Blobs parse says: which element ended (or, for the attribute and metadata-key kinds,
    which name was seen) and where its text is in the arena. */
typedef enum __attribute__((enum_extensibility(closed))) DLListingElement : uint8_t {
    DLListingElementEnumerationResults,   /* </EnumerationResults>: the document is complete */
    DLListingElementServiceEndpoint,      /* attribute of <EnumerationResults> */
    DLListingElementContainerName,        /* attribute of <EnumerationResults> */
    DLListingElementPrefix,
    DLListingElementMarker,
    DLListingElementMaxResults,
    DLListingElementDelimiter,
    DLListingElementNextMarker,
    DLListingElementBlob,                 /* </Blob>: the blob's fields all came before */
    DLListingElementBlobName,             /* `encoded` set for <Name Encoded="true"> */
    DLListingElementCreationTime,
    DLListingElementLastModified,
    DLListingElementEtag,
    DLListingElementContentLength,
    DLListingElementContentType,
    DLListingElementContentMD5,
    DLListingElementBlobType,
    DLListingElementAccessTier,
    DLListingElementMetadataKey,          /* at the start of a <Metadata> child: its element name */
    DLListingElementMetadataValue,
    DLListingElementTag,                  /* </Tag> */
    DLListingElementTagKey,
    DLListingElementTagValue,
    DLListingElementBlobPrefix,           /* </BlobPrefix> */
    DLListingElementBlobPrefixName,       /* `encoded` as for BlobName */
} DLListingElement;

typedef struct DLListingRecord {
    DLListingElement element;
    uint8_t encoded;
    uint32_t offset;
    uint32_t length;
} DLListingRecord;

/** Why the parse was stopped although the XML was well-formed so far. */
typedef enum __attribute__((enum_extensibility(closed))) DLListingStop : uint8_t {
    DLListingStopNone,
    DLListingStopWrongRoot,          /* `rootName` holds the root element's name */
    DLListingStopErrorRoot,          /* the body is a Storage <Error> */
    DLListingStopNameOutsideDictionary,
    DLListingStopNoDictionary,
    DLListingStopTextTooLong,        /* one element's text exceeded `dl_listing_text_limit` bytes */
    DLListingStopOutOfMemory,
} DLListingStop;

typedef struct DLListingState DLListingState;

/** Called from inside libxml2's callbacks after an entry whenever enough records have gathered (so that the buffers
    stay small and in cache however large the chunk): read them, then `dl_listing_clear_records`. */
typedef void (*DLListingBatchReady)(void *context);

/** The most character data kept for one element (1 MiB). The longest values of a Storage response (a blob name of
    1,024 characters, percent-encoded; 8 KiB of metadata) are far below it; a body with more is broken or hostile,
    and buffering its text whole would let it claim any amount of memory (libxml2's own text limit does not apply
    to SAX character data). */
#define DL_XML_TEXT_LIMIT 1048576

DLListingState *dl_listing_state_create(void);
void dl_listing_set_batch_ready(DLListingState *state, DLListingBatchReady batchReady, void *context);
void dl_listing_state_free(DLListingState *state);
/** Fills `saxHandler` (an xmlSAXHandler) with the state machine's callbacks; their user data must be the state.
    Uses libxml2's SAX1 element callbacks (no namespace processing) when libxml2 has them, else the SAX2 ones. */
void dl_listing_fill_sax_handler(void *saxHandler);
/** The same with the SAX2 (namespace-aware) element callbacks, whatever libxml2 has: the fallback above, for tests. */
void dl_listing_fill_sax2_handler(void *saxHandler);
/** Called once the context exists: looks the element names up in its dictionary. */
void dl_listing_context_created(DLListingState *state, void *parserContext);

/** The records made since the last `dl_listing_clear_records`, in document order, and the arena they point into. */
const DLListingRecord *dl_listing_records(const DLListingState *state, size_t *count);
const uint8_t *dl_listing_arena(const DLListingState *state);
/** Forgets the records read; text of an element still open is kept. */
void dl_listing_clear_records(DLListingState *state);

DLListingStop dl_listing_stop_reason(const DLListingState *state);
/** NUL-terminated, at most 255 bytes (longer names are cut at a character boundary). */
const char *dl_listing_root_name(const DLListingState *state);
/** Where the parser was when the state machine stopped it (libxml2 discards its position when it halts). */
void dl_listing_stop_position(const DLListingState *state, int *line, int *column, long *byteOffset);

#endif
