#ifndef DEADLETTER_CLIBXML2_SHIM_H
#define DEADLETTER_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU; its <unicode/ucnv.h> clashes with Foundation's bundled ICU
   ("UErrorCode is not present in definition"). We use no ICU-specific field, so hide them. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlmemory.h>

/* xmlFree is a global function-pointer variable, which Swift 6 strict concurrency refuses to touch. */
static inline void deadletter_xmlFree(void *pointer) { xmlFree(pointer); }
#endif
