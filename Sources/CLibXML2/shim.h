#ifndef CLAIMCHECK_LIBXML2_SHIM_H
#define CLAIMCHECK_LIBXML2_SHIM_H

// xmlversion.h first, then drop ICU: a module that sees both Foundation and
// libxml2's ICU headers fails a clean debug build ("'UErrorCode' has different
// definitions in different modules"). ClaimCheck never uses libxml2's ICU path.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>

/// `xmlFree` is a mutable global, which Swift 6 rejects; call it through this.
static inline void claimcheck_xml_free(void *pointer) { xmlFree(pointer); }

/// Silences libxml2's error printing; set from every thread that parses.
static void claimcheck_xml_silent_error(void *context, xmlErrorPtr error) { (void)context; (void)error; }
static inline void claimcheck_xml_silence_errors(void) {
    xmlSetStructuredErrorFunc(NULL, claimcheck_xml_silent_error);
    xmlThrDefSetStructuredErrorFunc(NULL, claimcheck_xml_silent_error);
}

/// Byte offset of the parser's read position from the start of the input.
static inline long claimcheck_parser_offset(xmlParserCtxtPtr ctxt) {
    if (ctxt == NULL || ctxt->input == NULL) return -1;
    return (long)ctxt->input->consumed + (long)(ctxt->input->cur - ctxt->input->base);
}

static inline void claimcheck_set_private(xmlParserCtxtPtr ctxt, void *value) { ctxt->_private = value; }
static inline void *claimcheck_get_private(xmlParserCtxtPtr ctxt) { return ctxt->_private; }
static inline void claimcheck_add_options(xmlParserCtxtPtr ctxt, int options) { ctxt->options |= options; }
static inline int claimcheck_parser_depth(xmlParserCtxtPtr ctxt) { return ctxt->nameNr; }

#endif
